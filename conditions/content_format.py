"""The content file's format: its sections, the fields of each record and their types.

``export_content`` writes it, ``content_validation`` checks a file against it and
``content_transfer`` reads it back.

Version 2 added who-it-is-for groups (``audiences``, and an ``audiences`` list on each
condition and each rule) and ``guides``. Version 3 added ``pending_changes``: the open
pending changes (draft, in review, scheduled) to live conditions, symptoms and guides, each
with the pending version of its item as a record of the item's own section. A file of an
older version this site still reads is brought up to date first (``upgrade``); any other
version is refused.
"""

from taggit.models import Tag

from .models import Audience, BodyArea, Condition, Guide, Severity, Symptom, Synonym, Trigger

FORMAT = "legpain-content"
VERSION = 3
# Every version this site reads; older ones go through ``upgrade``.
READS = (1, 2, VERSION)
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
# A pending change: what it changes (its kind, and the live item's slug), where it is in
# review, and the pending version of the item as a record of the kind's section.
PENDING_SECTIONS = {"condition": "conditions", "symptom": "symptoms", "guide": "guides"}
PENDING_STATES = ("draft", "in_review", "scheduled")
PENDING_SHAPE = {
    "kind": TEXT, "slug": TEXT, "state": TEXT, "review_comment": TEXT,
    "go_live_at": "optional stamp", "review_data": "review", "created_by": TEXT,
    "record": "record",
}  # fmt: skip
# A scheduled change's review record (``publishing.ReviewRecord``), written on the item
# when it goes live; ``{}`` when there is none yet.
REVIEW_SHAPE = {
    "last_reviewed": DATE, "next_review_due": DATE, "reviewer_name": TEXT,
    "reviewer_role": TEXT, "expire_at": "optional stamp",
}  # fmt: skip
# Fields the database keeps unique besides the slug (which is how import matches records).
UNIQUE = {
    "severities": ("rank", "name"), "body_areas": ("name",), "tags": ("name",),
    "symptoms": ("name",), "conditions": ("name",), "guides": ("title",),
}  # fmt: skip


def upgrade(data):
    """``data`` (a parsed file) in the shape of this ``VERSION``; the caller's is untouched.

    A version 1 file was written before audiences and guides: it has none, so every
    condition and rule is for anyone (empty ``audiences``) and there are no guides. A
    version 1 or 2 file was written before pending changes were exported: it has none.
    Only what is missing is added; anything else (not an export, another version, a record
    that is not a JSON object) is left for ``content_validation`` to report.
    """
    if not (
        isinstance(data, dict)
        and data.get("format") == FORMAT
        and type(data.get("version")) is int
        and data["version"] in (1, 2)
    ):
        return data
    old, data = data["version"], {**data, "version": VERSION}
    data.setdefault("pending_changes", [])
    if old == 2:
        return data
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


def pending_world(data, section, slug, record):
    """The file as a pending change would make it: the live record of ``slug`` in
    ``section`` replaced by ``record`` (the pending version), and the links to it made to
    agree.

    A renamed item is linked by its new slug (a guide's conditions, a condition's symptoms
    and rules), and "related" goes both ways, so the other conditions list the item exactly
    when the pending version lists them. Whatever is not of the expected shape is left as it
    is (validation reports it).
    """
    new = record.get("slug") if isinstance(record, dict) else None
    new = new if isinstance(new, str) else slug
    world = {**data, section: [record if _slug(row) == slug else row for row in data[section]]}
    if section == "conditions":
        wanted = record.get("related") if isinstance(record, dict) else None
        wanted = set(wanted) if _slugs(wanted) else set()
        world["conditions"] = [
            {**row, "related": _relinked(row["related"], row["slug"] in wanted, slug, new)}
            if row is not record and _slug(row) is not None and _slugs(row.get("related"))
            else row
            for row in world["conditions"]
        ]
        world["guides"] = [
            {**row, "conditions": _renamed(row["conditions"], slug, new)}
            if isinstance(row, dict) and _slugs(row.get("conditions"))
            else row
            for row in _list(data.get("guides"))
        ]
    elif section == "symptoms" and new != slug:
        world["conditions"] = [_symptom_renamed(row, slug, new) for row in world["conditions"]]
    return world


def _slug(row):
    slug = row.get("slug") if isinstance(row, dict) else None
    return slug if isinstance(slug, str) else None


def _slugs(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _list(value):
    return value if isinstance(value, list) else []


def _renamed(slugs, old, new):
    return [new if item == old else item for item in slugs]


def _relinked(related, linked, old, new):
    others = [item for item in related if item not in (old, new)]
    return [*others, new] if linked else others


def _symptom_renamed(condition, old, new):
    if not isinstance(condition, dict):
        return condition
    condition = dict(condition)
    links = condition.get("symptoms")
    if isinstance(links, list):
        condition["symptoms"] = [
            {**link, "symptom": new} if isinstance(link, dict) and link.get("symptom") == old
            else link
            for link in links
        ]  # fmt: skip
    rules = condition.get("warning_rules")
    if isinstance(rules, list):
        condition["warning_rules"] = [
            {
                **rule,
                **{
                    field: _renamed(rule[field], old, new)
                    for field in ("symptoms", "any_symptoms")
                    if _slugs(rule.get(field))
                },
            }
            if isinstance(rule, dict)
            else rule
            for rule in rules
        ]
    return condition
