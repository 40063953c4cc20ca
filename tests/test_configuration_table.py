"""The README's configuration table names every setting the code reads from the environment.

The variable names are found by parsing the code (``os.environ.get("X")``,
``os.environ["X"]``, ``os.getenv("X")``, settings.py's ``env_bool("X")``/``env_list("X")``,
and DATABASE_URL, which dj-database-url reads) and compared with the names in the first
column of the table under README's "## Configuration".
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Everything that runs as the site: the project package, the app, gunicorn's settings.
SOURCES = [
    *sorted((ROOT / "legpain").rglob("*.py")),
    *sorted((ROOT / "conditions").rglob("*.py")),
    ROOT / "gunicorn.conf.py",
]
# Read from the environment by libraries or tools, not as a setting of the site.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}
# settings.py's readers of yes/no and comma-separated variables.
ENV_HELPERS = {"env_bool", "env_list"}


def _is_environ(node):
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _first_string(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def names_read(source):
    """The environment variable names a module's source reads."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if (func.attr == "get" and _is_environ(func.value)) or (
                func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os"
            ):
                names.add(_first_string(node))
            elif func.attr == "config" and getattr(func.value, "id", "") == "dj_database_url":
                env = next((k.value for k in node.keywords if k.arg == "env"), None)
                names.add(env.value if isinstance(env, ast.Constant) else "DATABASE_URL")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ENV_HELPERS:
            names.add(_first_string(node))
        elif (
            isinstance(node, ast.Subscript)
            and _is_environ(node.value)
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    names.discard(None)
    return names


def names_in_code():
    found = set()
    for path in SOURCES:
        found |= names_read(path.read_text())
    return found - NOT_SETTINGS


def names_in_readme():
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def test_the_parser_finds_every_kind_of_read():
    source = """
import os, dj_database_url
a = os.environ.get("A", "1")
b = os.environ["B"]
c = os.getenv("C")
d = env_bool("D")
e = env_list("E", "x,y")
db = dj_database_url.config(default="sqlite://")
os.environ.setdefault("NOT_A_READ", "x")
"""
    assert names_read(source) == {"A", "B", "C", "D", "E", "DATABASE_URL"}


def test_readme_configuration_table_lists_every_environment_variable():
    in_code, in_readme = names_in_code(), names_in_readme()
    assert in_code, "found no environment reads: has the parser broken?"
    missing = sorted(in_code - in_readme)
    extra = sorted(in_readme - in_code)
    assert not missing, f"read from the environment but not in README's table: {missing}"
    assert not extra, f"in README's table but read nowhere: {extra}"
