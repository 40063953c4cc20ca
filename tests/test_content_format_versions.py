"""A file of an older format version is read as it is brought up to date.

Version 1 files had no audiences (every condition and rule was for anyone) and no guides;
versions 1 and 2 had no pending changes. ``test_content_transfer.py`` imports a good
version 1 file; these are the files an editor may have kept that are not quite right.
"""

import pytest

from tests.test_content_transfer import library, one_condition, record, refused

pytestmark = pytest.mark.django_db


def as_version_1(data):
    """``data`` as a version 1 export held it: no audiences, guides or pending changes."""
    old = {
        key: value
        for key, value in data.items()
        if key not in ("audiences", "guides", "pending_changes")
    }
    old["version"] = 1
    old["conditions"] = [
        {
            **{key: value for key, value in row.items() if key != "audiences"},
            "warning_rules": [
                {key: value for key, value in rule.items() if key != "audiences"}
                for rule in row["warning_rules"]
            ],
        }
        for row in data["conditions"]
    ]
    return old


def test_odd_records_in_a_version_1_file_are_refused_as_in_a_current_one(tmp_path):
    data = library()
    stroke = {**record(data, "conditions", "stroke"), "related": []}
    cramp = {**record(data, "conditions", "leg-cramps"), "related": []}
    old = as_version_1(one_condition(data, "sciatica"))
    old["conditions"] += as_version_1({**data, "conditions": [stroke, cramp]})["conditions"]
    sciatica, stroke, cramp = old["conditions"]
    cramp_rule = cramp["warning_rules"][0]
    stroke["warning_rules"] = {}
    cramp["warning_rules"] = ["call 999", *cramp["warning_rules"][1:], cramp_rule]
    old["conditions"].insert(1, "restless-legs-syndrome")
    # Every record and rule that is a JSON object was given its (empty) audiences: none is
    # reported missing. What is not a JSON object, or a list, is reported as such.
    assert refused(tmp_path, old) == [
        "conditions[1]: is 'restless-legs-syndrome', not a record (a JSON object)",
        "condition stroke: warning_rules {} is not a list",
        "condition leg-cramps: warning_rules[0]: is 'call 999', not a record (a JSON object)",
    ]
