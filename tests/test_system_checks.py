"""`manage.py check --database default`: what the person running the site is told when the
search index or the warning rules cannot be inspected, and that a database not migrated
yet is no error (``migrate`` creates everything)."""

import pytest
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import OperationalError, connection

from conditions import checks
from conditions.checker import warning_signs

pytestmark = pytest.mark.django_db


def check_database(capsys):
    """Run the checks as ``manage.py check --database default``; what it printed."""
    call_command("check", "--database", "default")
    return capsys.readouterr().out


def test_a_database_not_migrated_yet_has_no_search_or_rule_errors(monkeypatch, capsys):
    tables = [
        name
        for name in connection.introspection.table_names()
        if name not in ("conditions_searchdocument", "conditions_warningrule")
    ]
    monkeypatch.setattr(connection.introspection, "table_names", lambda *args: tables)
    # Were the checks to look further, they would fail: nothing can be read.
    monkeypatch.setattr(warning_signs, "rule_problems", lambda: 1 / 0)
    assert checks.search_index_check(databases=["default"]) == []
    assert checks.warning_rules_check(databases=["default"]) == []
    assert check_database(capsys) == "System check identified no issues (0 silenced).\n"


def test_a_database_that_cannot_be_read_is_reported_by_both_checks(monkeypatch):
    def unreachable(*args):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection.introspection, "table_names", unreachable)
    assert checks.search_index_check(databases=["default"]) == [
        Error(
            "Could not inspect the search index: could not connect to server: Connection refused",
            id="legpain.E002",
        )
    ]
    assert checks.warning_rules_check(databases=["default"]) == [
        Error(
            "Could not inspect the warning rules: could not connect to server: Connection refused",
            id="legpain.E005",
        )
    ]


def test_a_rules_query_the_database_cancels_is_reported(monkeypatch):
    def cancelled():
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(warning_signs, "rule_problems", cancelled)
    with pytest.raises(SystemCheckError) as error:
        call_command("check", "--database", "default")
    assert (
        "?: (legpain.E005) Could not inspect the warning rules: canceling statement due to "
        "statement timeout"
    ) in str(error.value).splitlines()


def test_a_database_without_a_search_engine_is_reported(monkeypatch):
    class MySQL:
        vendor = "mysql"

    monkeypatch.setattr("conditions.search.backends.connection", MySQL())
    with pytest.raises(SystemCheckError) as error:
        call_command("check", "--database", "default")
    assert (
        "?: (legpain.E002) Could not inspect the search index: No search engine for the mysql "
        "database."
    ) in str(error.value).splitlines()
