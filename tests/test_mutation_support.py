"""`make mutate` tests each mutated module with its own test files (tests/mutation_support.py).

If a file were renamed, or a module added to [tool.mutmut] without its tests, mutants
there would silently count as "no tests" instead of being tested.
"""

import glob
import json
import tomllib
from pathlib import Path

from tests import mutation_support

ROOT = Path(__file__).resolve().parent.parent


def mutated_modules():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    for pattern in config["only_mutate"]:
        for path in glob.glob(str(ROOT / pattern)):
            relative = Path(path).relative_to(ROOT).with_suffix("")
            if relative.name != "__init__":
                yield ".".join(relative.parts)


def test_every_mutated_module_has_test_files_that_exist():
    modules = list(mutated_modules())
    assert "conditions.checker.scoring" in modules and "conditions.markup" in modules
    for module in modules:
        files = mutation_support.own_tests(f"{module}.x_anything__mutmut_1")
        assert files, f"{module} has no entry in OWN_TESTS"
        missing = [name for name in files if not (ROOT / name).exists()]
        assert not missing, f"{module}: {missing} do not exist"


def test_a_mutant_gets_the_longest_matching_module_and_nothing_else():
    assert (
        mutation_support.own_tests("conditions.content_validation_pending.x_check__mutmut_2")
        == mutation_support.IMPORT_TESTS
    )
    assert mutation_support.own_tests("conditions.checker.scoring.xǁScoreǁadd__mutmut_1") == (
        mutation_support.CHECKER_TESTS
    )
    assert mutation_support.own_tests("conditions.views.x_home__mutmut_1") == ()


class Item:
    def __init__(self, nodeid):
        self.nodeid = nodeid


class Hooks:
    def __init__(self):
        self.deselected = []

    def pytest_deselected(self, items):
        self.deselected.extend(items)


class Options:
    collectonly = False


class Config:
    def __init__(self):
        self.hook = Hooks()
        self.option = Options()


def test_a_mutants_run_keeps_its_modules_tests_fastest_first(monkeypatch, tmp_path):
    monkeypatch.setenv("MUTATION_TEST_DB", str(tmp_path / "template.sqlite3"))
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_sanitised_html__mutmut_4")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mutmut-stats.json").write_text(
        '{"duration_by_test": {"tests/test_markup.py::slow": 2.0,'
        ' "tests/test_markup.py::fast": 0.1}}'
    )
    items = [Item(n) for n in ("tests/test_markup.py::slow", "tests/test_pages.py::home",
                               "tests/test_markup.py::fast")]  # fmt: skip
    config = Config()
    mutation_support.pytest_collection_modifyitems(config, items)
    assert [item.nodeid for item in items] == [
        "tests/test_markup.py::fast",
        "tests/test_markup.py::slow",
    ]
    assert [item.nodeid for item in config.hook.deselected] == ["tests/test_pages.py::home"]


def test_without_make_mutate_nothing_is_deselected(monkeypatch):
    monkeypatch.delenv("MUTATION_TEST_DB", raising=False)
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_sanitised_html__mutmut_4")
    items = [Item("tests/test_pages.py::home"), Item("tests/test_markup.py::fast")]
    mutation_support.pytest_collection_modifyitems(Config(), items)
    assert [item.nodeid for item in items] == [
        "tests/test_pages.py::home",
        "tests/test_markup.py::fast",
    ]


class Report:
    def __init__(self, nodeid, failed, when="call"):
        self.nodeid, self.failed, self.passed, self.when = nodeid, failed, not failed, when


def test_the_test_that_killed_a_mutant_goes_first_for_the_next_mutant_of_its_function(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("MUTATION_TEST_DB", str(tmp_path / "template.sqlite3"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mutmut-stats.json").write_text(
        '{"duration_by_test": {"tests/test_markup.py::slow": 2.0,'
        ' "tests/test_markup.py::fast": 0.1, "tests/test_markup.py::slowest": 3.0}}'
    )
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_sanitised_html__mutmut_4")
    mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::fast", False))
    mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::slow", True))
    # Another function's killer, and a second kill by "slowest", which then leads.
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_other__mutmut_1")
    mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::fast", True))
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_sanitised_html__mutmut_7")
    for _ in range(2):
        mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::slowest", True))

    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_sanitised_html__mutmut_9")
    items = [Item(f"tests/test_markup.py::{name}") for name in ("fast", "slow", "slowest")]
    mutation_support.pytest_collection_modifyitems(Config(), items)
    assert [item.nodeid.split("::")[1] for item in items] == ["slowest", "slow", "fast"]

    # A function with no killers yet tries its module's killers first ("fast" killed
    # x_other's mutant once, "slowest" x_sanitised_html's twice, "slow" once), then the
    # fastest; a killer of another module counts for nothing.
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup_other.x_sanitised__mutmut_1")
    mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::fast", True))
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_new__mutmut_1")
    items = [Item(f"tests/test_markup.py::{name}") for name in ("fast", "slow", "slowest", "new")]
    (tmp_path / "mutmut-stats.json").write_text(
        '{"duration_by_test": {"tests/test_markup.py::slow": 2.0, "tests/test_markup.py::new":'
        ' 0.01, "tests/test_markup.py::fast": 0.1, "tests/test_markup.py::slowest": 3.0}}'
    )
    mutation_support.pytest_collection_modifyitems(Config(), items)
    assert [item.nodeid.split("::")[1] for item in items] == ["slowest", "fast", "slow", "new"]


def test_functions_run_at_import_get_their_modules_own_tests(tmp_path):
    for function in mutation_support.IMPORT_TIME_FUNCTIONS:
        module, _, name = function.partition(".x")
        source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
        assert f"def {name.split('ǁ')[-1].lstrip('_')}(" in source, function
    stats = tmp_path / "mutmut-stats.json"
    stats.write_text(
        '{"tests_by_mangled_function_name": {"conditions.caching.x_cache_query_params":'
        ' ["tests/test_checker_answers.py::first"]},'
        ' "duration_by_test": {"tests/test_checker_answers.py::first": 0.1,'
        ' "tests/test_production.py::cached": 0.2, "tests/test_resilience.py::outage": 0.3}}'
    )
    mutation_support.widen_import_time_functions(stats)
    widened = json.loads(stats.read_text())["tests_by_mangled_function_name"]
    assert widened["conditions.caching.x_cache_query_params"] == [
        "tests/test_production.py::cached",
        "tests/test_resilience.py::outage",
    ]


def test_the_clean_run_leaves_out_the_tests_that_passed_while_recording(monkeypatch, tmp_path):
    monkeypatch.setenv("MUTATION_TEST_DB", str(tmp_path / "template.sqlite3"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mutmut-stats.json").write_text(
        '{"duration_by_test": {"tests/test_markup.py::a": 0.3, "tests/test_markup.py::b": 0.1,'
        ' "tests/test_markup.py::c": 0.2}}'
    )
    monkeypatch.setenv("MUTANT_UNDER_TEST", "stats")
    mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::a", False))
    mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::b", False, "setup"))
    mutation_support.pytest_runtest_logreport(Report("tests/test_markup.py::c", True))
    assert (tmp_path / "passed-while-recording.txt").read_text() == "tests/test_markup.py::a\n"

    def clean_run(names, collectonly=False):
        items = [Item(f"tests/test_markup.py::{name}") for name in names]
        config = Config()
        config.option.collectonly = collectonly
        mutation_support.pytest_collection_modifyitems(config, items)
        return [item.nodeid.split("::")[1] for item in items]

    monkeypatch.setenv("MUTANT_UNDER_TEST", "")
    # b never ran, c failed: both run again; a passed and is left out.
    assert clean_run(["a", "b", "c"]) == ["b", "c"]
    # Listing the tests (mutmut finds new tests that way) must see every one of them.
    assert clean_run(["a", "b", "c"], collectonly=True) == ["b", "c", "a"]
    # All passed while recording: the fastest is kept, as pytest fails a run of nothing.
    (tmp_path / "passed-while-recording.txt").write_text("tests/test_markup.py::b\n" * 2)
    assert clean_run(["b"]) == ["b"]
    (tmp_path / "passed-while-recording.txt").write_text(
        "".join(f"tests/test_markup.py::{name}\n" for name in "abc")
    )
    assert clean_run(["a", "b", "c"]) == ["b"]
    # The fastest test of each file stays, so the process mutants are forked from has
    # compiled what each file's pages need.
    items = [Item("tests/test_markup.py::a"), Item("tests/test_search.py::slow"),
             Item("tests/test_search.py::quick"), Item("tests/test_markup.py::b")]  # fmt: skip
    (tmp_path / "passed-while-recording.txt").write_text(
        "".join(item.nodeid + "\n" for item in items)
    )
    stats = json.loads((tmp_path / "mutmut-stats.json").read_text())
    stats["duration_by_test"].update(
        {"tests/test_search.py::slow": 0.5, "tests/test_search.py::quick": 0.01}
    )
    (tmp_path / "mutmut-stats.json").write_text(json.dumps(stats))
    mutation_support.pytest_collection_modifyitems(Config(), items)
    assert [item.nodeid for item in items] == [
        "tests/test_search.py::quick",
        "tests/test_markup.py::b",
    ]
    # A mutant's run is not the clean run: nothing is left out.
    monkeypatch.setenv("MUTANT_UNDER_TEST", "conditions.markup.x_sanitised_html__mutmut_1")
    assert clean_run(["a", "b", "c"]) == ["b", "c", "a"]
    # Without this make mutate's recording (the Makefile deletes the file), all run.
    monkeypatch.setenv("MUTANT_UNDER_TEST", "")
    (tmp_path / "passed-while-recording.txt").unlink()
    assert clean_run(["a", "b", "c"]) == ["b", "c", "a"]
