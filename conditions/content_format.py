"""The content file's format: its sections, the fields of each record and their types.

``export_content`` writes it, ``content_validation`` checks a file against it and
``content_transfer`` reads it back.

Version 2 added who-it-is-for groups (``audiences``, and an ``audiences`` list on each
condition and each rule) and ``guides``. A file of an older version this site still reads
is brought up to date first (``upgrade``); any other version is refused.
"""

from taggit.models import Tag

from .models import Audience, BodyArea, Condition, Guide, Severity, Symptom, Synonym, Trigger

FORMAT = "legpain-content"
VERSION = 2
# Every version this site reads; older ones go through ``upgrade``.
READS = (1, VERSION)
EDITORIAL = ("status", "reviewer_name", "reviewer_role", "review_comment")
DATES = ("last_reviewed", "next_review_due")
STAMPS = ("created_at", "updated_at")
SEVERITY_FIELDS = ("rank", "name", "colour", "card_style", "card_heading", "advice")
# A symptom's warning level is left out: it is derived from the rules after import.
SYMPTOM_FIELDS = ("name", "aliases", "description", "checker_group")
CONDITION_FIELDS = (
    "name", "aliases", "summary", "onset", "sides", "prevalence", *Condition.PROSE_FIELDS
)  # fmt: skip
RULE_FIELDS = ("text", "onset", "side", "order")
AUDIENCE_FIELDS = ("name", "group", "order")
GUIDE_FIELDS = ("title", "summary", *Guide.PROSE_FIELDS)

# What a value in the file may be. A nested list of records is given by its shape (a dict).
TEXT, NUMBER, DATE, STAMP = "text", "number", "date", "stamp"
SLUG, OPTIONAL_SLUG, SLUGS = "slug", "optional slug", "slugs"

EDITORIAL_SHAPE = {
    **dict.fromkeys(EDITORIAL, TEXT), **dict.fromkeys(DATES, DATE), **dict.fromkeys(STAMPS, STAMP)
}  # fmt: skip
LINK_SHAPE = {"symptom": SLUG, "typicality": NUMBER, "note": TEXT}
RULE_SHAPE = {
    "text": TEXT, "onset": TEXT, "side": TEXT, "order": NUMBER, "severity": SLUG,
    "trigger": OPTIONAL_SLUG, "unless_trigger": OPTIONAL_SLUG, "symptoms": SLUGS,
    "any_symptoms": SLUGS, "audiences": SLUGS,
}  # fmt: skip
REFERENCE_SHAPE = {
    "title": TEXT, "publisher": TEXT, "url": TEXT, "date_accessed": DATE, "order": NUMBER
}  # fmt: skip
SHAPES = {
    "severities": {"slug": TEXT, **dict.fromkeys(SEVERITY_FIELDS, TEXT), "rank": NUMBER},
    "body_areas": {"slug": TEXT, "name": TEXT, "description": TEXT, "order": NUMBER},
    "tags": {"slug": TEXT, "name": TEXT},
    "triggers": {"slug": TEXT, "name": TEXT, "order": NUMBER},
    "audiences": {"slug": TEXT, "name": TEXT, "group": TEXT, "order": NUMBER},
    "synonyms": {"phrases": TEXT, "note": TEXT, "updated_at": STAMP},
    "symptoms": {
        "slug": TEXT, **dict.fromkeys(SYMPTOM_FIELDS, TEXT), "body_areas": SLUGS,
        **EDITORIAL_SHAPE,
    },
    "conditions": {
        "slug": TEXT, **dict.fromkeys(CONDITION_FIELDS, TEXT), "prevalence": NUMBER,
        "severity": SLUG, "body_areas": SLUGS, "tags": SLUGS, "triggers": SLUGS,
        "audiences": SLUGS, "related": SLUGS, "symptoms": LINK_SHAPE,
        "warning_rules": RULE_SHAPE, "references": REFERENCE_SHAPE, **EDITORIAL_SHAPE,
    },
    "guides": {
        "slug": TEXT, **dict.fromkeys(GUIDE_FIELDS, TEXT), "audiences": SLUGS,
        "conditions": SLUGS, "references": REFERENCE_SHAPE, **EDITORIAL_SHAPE,
    },
}  # fmt: skip
MODELS = {
    "severities": Severity, "body_areas": BodyArea, "tags": Tag, "triggers": Trigger,
    "audiences": Audience, "synonyms": Synonym, "symptoms": Symptom, "conditions": Condition,
    "guides": Guide,
}  # fmt: skip
KINDS = {
    "severities": "severity", "body_areas": "body area", "tags": "tag", "triggers": "trigger",
    "audiences": "audience", "synonyms": "synonym", "symptoms": "symptom",
    "conditions": "condition", "guides": "guide",
}  # fmt: skip
# Fields the database keeps unique besides the slug (which is how import matches records).
UNIQUE = {
    "severities": ("rank", "name"), "body_areas": ("name",), "tags": ("name",),
    "symptoms": ("name",), "conditions": ("name",), "guides": ("title",),
}  # fmt: skip


def upgrade(data):
    """``data`` (a parsed file) in the shape of this ``VERSION``; the caller's is untouched.

    A version 1 file was written before audiences and guides: it has none, so every
    condition and rule is for anyone (empty ``audiences``) and there are no guides. Only
    what is missing is added; anything else (not an export, another version, a record that
    is not a JSON object) is left for ``content_validation`` to report.
    """
    if not (
        isinstance(data, dict)
        and data.get("format") == FORMAT
        and type(data.get("version")) is int
        and data["version"] == 1
    ):
        return data
    data = {**data, "version": VERSION}
    data.setdefault("audiences", [])
    data.setdefault("guides", [])
    if isinstance(data.get("conditions"), list):
        data["conditions"] = [_with_audiences(row) for row in data["conditions"]]
    return data


def _with_audiences(condition):
    if not isinstance(condition, dict):
        return condition
    condition = {"audiences": [], **condition}
    rules = condition.get("warning_rules")
    if isinstance(rules, list):
        condition["warning_rules"] = [
            {"audiences": [], **rule} if isinstance(rule, dict) else rule for rule in rules
        ]
    return condition
