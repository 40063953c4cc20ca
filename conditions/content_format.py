"""The content file's format: its sections, the fields of each record and their types.

``export_content`` writes it, ``content_validation`` checks a file against it and
``content_transfer`` reads it back.
"""

from taggit.models import Tag

from .models import BodyArea, Condition, Severity, Symptom, Synonym, Trigger

FORMAT = "legpain-content"
VERSION = 1
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
    "any_symptoms": SLUGS,
}  # fmt: skip
REFERENCE_SHAPE = {
    "title": TEXT, "publisher": TEXT, "url": TEXT, "date_accessed": DATE, "order": NUMBER
}  # fmt: skip
SHAPES = {
    "severities": {"slug": TEXT, **dict.fromkeys(SEVERITY_FIELDS, TEXT), "rank": NUMBER},
    "body_areas": {"slug": TEXT, "name": TEXT, "description": TEXT, "order": NUMBER},
    "tags": {"slug": TEXT, "name": TEXT},
    "triggers": {"slug": TEXT, "name": TEXT, "order": NUMBER},
    "synonyms": {"phrases": TEXT, "note": TEXT, "updated_at": STAMP},
    "symptoms": {
        "slug": TEXT, **dict.fromkeys(SYMPTOM_FIELDS, TEXT), "body_areas": SLUGS,
        **EDITORIAL_SHAPE,
    },
    "conditions": {
        "slug": TEXT, **dict.fromkeys(CONDITION_FIELDS, TEXT), "prevalence": NUMBER,
        "severity": SLUG, "body_areas": SLUGS, "tags": SLUGS, "triggers": SLUGS,
        "related": SLUGS, "symptoms": LINK_SHAPE, "warning_rules": RULE_SHAPE,
        "references": REFERENCE_SHAPE, **EDITORIAL_SHAPE,
    },
}  # fmt: skip
MODELS = {
    "severities": Severity, "body_areas": BodyArea, "tags": Tag, "triggers": Trigger,
    "synonyms": Synonym, "symptoms": Symptom, "conditions": Condition,
}  # fmt: skip
KINDS = {
    "severities": "severity", "body_areas": "body area", "tags": "tag", "triggers": "trigger",
    "synonyms": "synonym", "symptoms": "symptom", "conditions": "condition",
}  # fmt: skip
# Fields the database keeps unique besides the slug (which is how import matches records).
UNIQUE = {
    "severities": ("rank", "name"), "body_areas": ("name",), "tags": ("name",),
    "symptoms": ("name",), "conditions": ("name",),
}  # fmt: skip
