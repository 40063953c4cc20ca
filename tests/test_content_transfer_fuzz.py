"""Property tests of export_content / import_content (hypothesis).

- Any corruption of a real export either imports, or is refused with a ``CommandError``
  that names a record, and leaves the database exactly as it was; nothing else may happen.
- Any valid content survives export -> import into an empty database -> export unchanged,
  byte for byte.

Each example runs in a savepoint that is rolled back, so examples do not see each other's
imports. A successful import of the whole library takes seconds (every record is saved
with its revision), so the corruption test works on a real export cut to a few conditions.
"""

import contextlib
import datetime
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from conditions import publishing, staging
from conditions.checker import warning_signs
from conditions.content_transfer import export_content, import_content
from conditions.models import (
    Audience,
    BodyArea,
    Condition,
    ConditionSymptom,
    Guide,
    GuideReference,
    PendingChange,
    Reference,
    Severity,
    Status,
    Symptom,
    Synonym,
    Trigger,
    WarningRule,
)
from conditions.search import indexing
from tests.mutation_support import template_database

pytestmark = pytest.mark.django_db

BOUNDED = settings(
    # Under `make mutate` these run for every mutant that all other import tests missed:
    # fewer examples, and the same ones each time, so a mutant's verdict does not depend
    # on luck (tests/mutation_support.py).
    max_examples=10 if template_database() else 40,
    derandomize=bool(template_database()),
    deadline=None,
    # The fixtures set the database up once per test; each example undoes its own changes.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# How a problem names its record: the file itself, a section, a record by position
# ("conditions[3]", "synonyms[2] 'a\nb'") or by slug ("condition sciatica"), or a pending
# change ("pending_changes[0]", "pending change to condition sciatica").
NAMED_PROBLEM = re.compile(
    r"- (file"
    r"|(severities|body_areas|tags|triggers|audiences|synonyms|symptoms|conditions|guides"
    r"|pending_changes)"
    r"(\[\d+\].*?)?"
    r"|(pending change to )?"
    r"(severity|body area|tag|trigger|audience|symptom|condition|guide) [-\w]+"
    r"): \S"
)
# Small, yet with every kind of link: rules, related conditions, references, tags, who a
# condition and a rule are for, and a guide covering one of them.
KEPT_CONDITIONS = (
    "medication-side-effects", "nutrient-deficiencies", "rhabdomyolysis", "irritable-hip"
)  # fmt: skip


def exported():
    """What export_content writes, as text."""
    out = io.StringIO()
    call_command("export_content", "-", stdout=out)
    return out.getvalue()


def empty_content():
    """Delete everything the export holds (links, rules and references go with them)."""
    for model in (Guide, Condition, Symptom, Severity, BodyArea, Trigger, Tag, Synonym, Audience):
        model.objects.all().delete()


@contextlib.contextmanager
def rolled_back():
    """Run the block in a savepoint that is always rolled back."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


# Corrupted exports


class Export(str):
    """An export's text, shown short when hypothesis reports a failing example."""

    def __repr__(self):
        return f"<export of {len(self)} characters>"


@pytest.fixture
def small_library():
    """A real export of the shipped library cut to a few conditions (and what they link
    to), and a database holding just that. Returns the export's text."""
    full = export_content()
    conditions = [c for c in full["conditions"] if c["slug"] in KEPT_CONDITIONS]
    assert len(conditions) == len(KEPT_CONDITIONS)
    for condition in conditions:
        condition["related"] = [slug for slug in condition["related"] if slug in KEPT_CONDITIONS]
    used = {link["symptom"] for c in conditions for link in c["symptoms"]}
    used |= {
        slug
        for c in conditions
        for rule in c["warning_rules"]
        for slug in rule["symptoms"] + rule["any_symptoms"]
    }
    guides = [
        {
            **guide,
            "conditions": [slug for slug in guide["conditions"] if slug in KEPT_CONDITIONS],
            "references": guide["references"][:2],
        }
        for guide in full["guides"]
        if set(guide["conditions"]) & set(KEPT_CONDITIONS)
    ]
    assert guides and any(c["audiences"] for c in conditions)
    assert any(rule["audiences"] for c in conditions for rule in c["warning_rules"])
    cut = {
        **full,
        "conditions": conditions,
        "symptoms": [s for s in full["symptoms"] if s["slug"] in used],
        "synonyms": full["synonyms"][:4],
        "guides": guides,
        "pending_changes": pending_changes(conditions, guides),
    }
    empty_content()
    import_content(cut)
    text = exported()
    assert len(json.loads(text)["pending_changes"]) == 2
    return Export(text)


def pending_changes(conditions, guides):
    """A pending change to a condition (summary, a rule dropped, related) and a scheduled one
    to a guide, as an export writes them."""
    condition = next(c for c in conditions if c["warning_rules"])
    others = [c["slug"] for c in conditions if c["slug"] != condition["slug"]]
    entry = {"state": "in_review", "review_comment": "", "go_live_at": None, "created_by": ""}
    return [
        {
            **entry,
            "kind": "condition",
            "slug": condition["slug"],
            "review_data": {},
            "record": {
                **condition,
                "summary": "A pending summary.",
                "warning_rules": condition["warning_rules"][1:],
                "related": sorted(set(condition["related"]) ^ {others[0]}),
            },
        },
        {
            **entry,
            "kind": "guide",
            "slug": guides[0]["slug"],
            "state": "scheduled",
            "go_live_at": "2030-01-01T09:00:00+00:00",
            "review_data": {
                "last_reviewed": "2026-01-05",
                "next_review_due": "2027-01-05",
                "reviewer_name": "Dr A Reviewer",
                "reviewer_role": "GP",
                "expire_at": None,
            },  # fmt: skip
            "record": {**guides[0], "summary": "A pending guide summary."},
        },
    ]


def paths(node, path=()):
    """Every place in a parsed export: tuples of keys and indexes from the top."""
    children = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in children:
        yield (*path, key)
        if isinstance(child, dict | list):
            yield from paths(child, (*path, key))


def at(doc, path):
    for key in path:
        doc = doc[key]
    return doc


ODD_VALUES = [None, 0, -1, 1.5, True, "", "x", "not-a-slug!", [], {}, ["x"], 2**70, "\ud800"]


CORRUPTIONS = ["delete", "retype", "duplicate", "drop", "nul", "huge", "swap", "retarget",
               "unknown key", "text", "number"]  # fmt: skip


def corrupt_once(draw, doc):
    """Apply one random corruption to ``doc`` in place."""
    kind = draw(st.sampled_from(CORRUPTIONS))
    if kind == "swap":
        swap(draw, doc)
        return
    places = list(paths(doc))
    if kind in ("nul", "huge", "retarget", "text"):
        pool = [p for p in places if isinstance(at(doc, p), str)]
    elif kind in ("delete", "unknown key"):
        pool = [(), *(p for p in places if isinstance(at(doc, p), dict))]
    elif kind in ("duplicate", "drop"):
        pool = [p for p in places if isinstance(at(doc, p), list) and at(doc, p)]
    elif kind == "number":
        pool = [p for p in places if type(at(doc, p)) is int]
    else:
        pool = places
    if not pool:
        return
    path = draw(st.sampled_from(pool))
    node = at(doc, path)
    if kind == "delete" and node:
        del node[draw(st.sampled_from(sorted(node)))]
    elif kind == "unknown key":
        node["surprise"] = 1
    elif kind == "duplicate":
        node.insert(draw(st.integers(0, len(node))), json.loads(json.dumps(node[0])))
    elif kind == "drop":
        node.pop(draw(st.integers(0, len(node) - 1)))
    elif kind != "delete":
        at(doc, path[:-1])[path[-1]] = replacement(draw, kind, doc, node)


def replacement(draw, kind, doc, value):
    """A new value for ``value``, a leaf or container of ``doc``."""
    if kind == "nul":
        where = draw(st.integers(0, len(value)))
        return value[:where] + "\x00" + value[where:]
    if kind == "huge":
        return "é" * draw(st.sampled_from([101, 161, 201, 301, 501, 100_000]))
    if kind == "retarget":
        # Another text of the file (often another record's slug) or a slug of nothing.
        texts = [at(doc, p) for p in paths(doc) if isinstance(at(doc, p), str)]
        return draw(st.sampled_from([*texts, "no-such-record"]))
    if kind == "text":
        return draw(st.text(max_size=12))
    if kind == "number":
        return draw(st.integers(-10, 40_000))
    return draw(st.sampled_from(ODD_VALUES))


def swap(draw, doc):
    """Two records of one section trade a field.

    Slugs, names and ranks are what the database keeps unique, so they are drawn most.
    """
    lists = sorted(k for k, v in doc.items() if isinstance(v, list) and len(v) > 1)
    if not lists:
        return
    rows = doc[draw(st.sampled_from(lists))]
    i, j = draw(st.lists(st.integers(0, len(rows) - 1), min_size=2, max_size=2))
    if isinstance(rows[i], dict) and isinstance(rows[j], dict):
        shared = sorted(rows[i].keys() & rows[j].keys())
        key = draw(st.sampled_from(["slug", "name", "rank"]) | st.sampled_from(shared or ["-"]))
        if key in shared:
            rows[i][key], rows[j][key] = rows[j][key], rows[i][key]


def corrupted(draw, text):
    """The bytes of ``text`` (an export) after one to three random corruptions."""
    doc = json.loads(text)
    for _ in range(draw(st.integers(1, 3))):
        corrupt_once(draw, doc)
    # Escaped (ensure_ascii), a lone surrogate reaches the import as text; raw, it is a
    # byte sequence that is not UTF-8.
    text = json.dumps(doc, indent=2, ensure_ascii=draw(st.booleans()))
    data = text.encode("utf-8", "surrogatepass")
    # Damage to the bytes is rarer: it ends at the JSON parser, which has little to find.
    damage = draw(st.sampled_from(["none"] * 7 + ["truncate", "NUL byte", "bad UTF-8"]))
    where = draw(st.integers(0, len(data)))
    if damage == "truncate":
        data = data[:where]
    elif damage in ("NUL byte", "bad UTF-8"):
        data = data[:where] + (b"\x00" if damage == "NUL byte" else b"\xff") + data[where:]
    return data


@BOUNDED
@given(data=st.data())
def test_a_corrupted_export_imports_or_is_refused_naming_a_record(small_library, tmp_path, data):
    path = tmp_path / "corrupted.json"
    path.write_bytes(corrupted(data.draw, small_library))
    with rolled_back():
        try:
            call_command("import_content", str(path), stdout=io.StringIO())
            event("imported")
        except CommandError as error:
            message = str(error)
            event("refused")
            assert "nothing was imported" in message
            problems = message.splitlines()[1:]
            assert problems, message
            assert any(NAMED_PROBLEM.match(line) for line in problems), message
            assert exported() == small_library
        # Any other exception fails the test: a crash is what this test looks for.


# Valid content round-trips

LINE = st.text(st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=20)
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
REQUIRED_TEXT = TEXT.filter(bool)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
STAMP = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),
    max_value=datetime.datetime(2100, 1, 1),
    timezones=st.just(datetime.UTC),
)
DAY = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1))


def choice(field_choices):
    return st.sampled_from([value for value, _label in field_choices])


def records(draw, count_range, **extra):
    """Records with unique slugs and unique names, plus ``extra`` fields drawn for each."""
    slugs = draw(st.lists(SLUG, min_size=count_range[0], max_size=count_range[1], unique=True))
    names = draw(st.lists(LINE, min_size=len(slugs), max_size=len(slugs), unique=True))
    return [
        {"slug": slug, "name": name, **{key: draw(value) for key, value in extra.items()}}
        for slug, name in zip(slugs, names, strict=True)
    ]


def editorial(draw):
    last = draw(st.none() | DAY)
    due = draw(st.none() | DAY)
    if last and due and due <= last:
        due = last + datetime.timedelta(days=1)
    return {
        "status": draw(choice(Status.choices)),
        "reviewer_name": draw(LINE | st.just("")),
        "reviewer_role": draw(LINE | st.just("")),
        "review_comment": draw(TEXT),
        "last_reviewed": last,
        "next_review_due": due,
    }


def some(draw, items):
    return draw(st.lists(st.sampled_from(items), unique=True)) if items else []


def synonym_groups(draw):
    def valid(phrases):
        return len(set(Synonym(phrases=phrases).phrase_list)) >= 2

    group = st.fixed_dictionaries(
        {
            "phrases": st.lists(LINE, min_size=2, max_size=3).map("\n".join).filter(valid),
            "note": TEXT,
            "updated_at": STAMP,
        }
    )
    groups = draw(st.lists(group, max_size=3))
    if groups and draw(st.booleans()):
        # Two groups with the same phrases (a note apart): both must survive.
        groups.append({**draw(group), "phrases": groups[0]["phrases"]})
    return groups


REFERENCES = st.lists(
    st.fixed_dictionaries(
        {
            "title": LINE,
            "publisher": LINE,
            "date_accessed": st.none() | DAY,
            "url": st.from_regex(r"https?://example\.org/[a-z0-9]{0,8}", fullmatch=True),
            "order": st.integers(0, 5),
        }
    ),
    max_size=2,
)


@st.composite
def libraries(draw):
    """Valid content of every kind the export holds, as plain values for ``build``."""
    ranks = draw(st.lists(st.integers(0, 32767), min_size=1, max_size=4, unique=True))
    severities = records(
        draw,
        (len(ranks), len(ranks)),
        colour=st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True),
        card_style=choice(Severity.CardStyle.choices),
        card_heading=LINE,
        advice=REQUIRED_TEXT,
    )
    for severity, rank in zip(severities, ranks, strict=True):
        severity["rank"] = rank
    urgent = [s["slug"] for s in severities if s["card_style"] in ("urgent", "emergency")]
    areas = records(draw, (0, 3), description=TEXT, order=st.integers(0, 32767))
    triggers = records(draw, (0, 3), order=st.integers(0, 32767))
    # Few orders, so that audiences often share one (export then sorts by name, then slug).
    audiences = records(draw, (0, 3), group=choice(Audience.Group.choices), order=st.integers(0, 2))
    audience_slugs = [a["slug"] for a in audiences]
    tags = records(draw, (0, 3))
    symptoms = records(
        draw,
        (1, 4),
        aliases=TEXT,
        description=REQUIRED_TEXT,
        checker_group=choice(Symptom.CheckerGroup.choices),
        created_at=STAMP,
        updated_at=STAMP,
    )
    for symptom in symptoms:
        symptom.update(editorial(draw), body_areas=some(draw, [a["slug"] for a in areas]))
    symptom_slugs = [s["slug"] for s in symptoms]
    conditions = records(
        draw,
        (0, 3),
        aliases=TEXT,
        summary=LINE,
        onset=choice(Condition.Onset.choices),
        sides=choice(Condition.Sides.choices),
        prevalence=choice(Condition.Prevalence.choices),
        **dict.fromkeys(Condition.PROSE_FIELDS, TEXT),
        severity=st.sampled_from(severities),
        created_at=STAMP,
        updated_at=STAMP,
    )
    for condition in conditions:
        condition.update(
            editorial(draw),
            body_areas=some(draw, [a["slug"] for a in areas]),
            tags=some(draw, [t["slug"] for t in tags]),
            triggers=some(draw, [t["slug"] for t in triggers]),
            audiences=some(draw, audience_slugs),
            related=some(draw, [c["slug"] for c in conditions]),
            links=[
                (slug, draw(choice(ConditionSymptom.Typicality.choices)), draw(LINE | st.just("")))
                for slug in some(draw, symptom_slugs)
            ],
            references=draw(REFERENCES),
        )
        condition["rules"] = [
            {
                "text": draw(LINE),
                "onset": draw(st.sampled_from(["", "sudden", "gradual"])),
                "side": draw(st.sampled_from(["", "one", "both"])),
                "order": draw(st.integers(0, 5)),
                "severity": draw(st.sampled_from(urgent)),
                "trigger": draw(st.none() | st.sampled_from(triggers)) if triggers else None,
                "unless_trigger": draw(st.none() | st.sampled_from(triggers)) if triggers else None,
                "symptoms": draw(st.lists(st.sampled_from(symptom_slugs), min_size=1, unique=True)),
                "any_symptoms": some(draw, symptom_slugs),
                "audiences": some(draw, audience_slugs),
            }
            for _ in range(draw(st.integers(0, 2)) if urgent else 0)
        ]
    guides = records(
        draw,
        (0, 2),
        summary=LINE,
        overview=REQUIRED_TEXT,
        **dict.fromkeys(("causes", "self_care", "get_help_doctor"), TEXT),
        created_at=STAMP,
        updated_at=STAMP,
    )
    for guide in guides:
        guide["title"] = guide.pop("name")
        guide.update(
            editorial(draw),
            audiences=some(draw, audience_slugs),
            conditions=some(draw, [c["slug"] for c in conditions]),
            references=draw(REFERENCES),
        )
    return {
        "severities": severities,
        "areas": areas,
        "triggers": triggers,
        "tags": tags,
        "audiences": audiences,
        "synonyms": synonym_groups(draw),
        "symptoms": symptoms,
        "conditions": conditions,
        "guides": guides,
        # A pending change to the first condition: its new summary, and whether it drops the
        # condition's related links (None: no pending change).
        "pending": (draw(LINE), draw(st.booleans()))
        if conditions and draw(st.booleans())
        else None,
    }


def stage_pending(library):
    """The first condition's pending change, as the admin stages one."""
    summary, unrelate = library["pending"]
    condition = Condition.objects.get(slug=library["conditions"][0]["slug"])
    with staging.trial():
        condition.summary = summary
        condition.save()
        if unrelate:
            condition.related.clear()
        rows = staging.snapshot(Condition.objects.get(pk=condition.pk))
    publishing.stage(condition, rows, None, PendingChange.State.DRAFT)


def build(library):
    """Create ``library`` through the models (not through import, which is under test)."""
    pick = lambda row, *names: {name: row[name] for name in names}  # noqa: E731
    severities = {
        row["slug"]: Severity.objects.create(
            **pick(row, "slug", "name", "rank", "colour", "card_style", "card_heading", "advice")
        )
        for row in library["severities"]
    }
    areas = {r["slug"]: BodyArea.objects.create(**r) for r in library["areas"]}
    triggers = {r["slug"]: Trigger.objects.create(**r) for r in library["triggers"]}
    tags = {r["slug"]: Tag.objects.create(**r) for r in library["tags"]}
    audiences = {r["slug"]: Audience.objects.create(**r) for r in library["audiences"]}
    for row in library["synonyms"]:
        group = Synonym.objects.create(phrases=row["phrases"], note=row["note"])
        Synonym.objects.filter(pk=group.pk).update(updated_at=row["updated_at"])
    symptoms = {}
    for row in library["symptoms"]:
        symptom = Symptom.objects.create(**{k: v for k, v in row.items() if k != "body_areas"})
        symptom.body_areas.set([areas[slug] for slug in row["body_areas"]])
        symptoms[row["slug"]] = symptom
    conditions = {}
    for row in library["conditions"]:
        links = (
            "body_areas", "tags", "triggers", "audiences", "related", "links", "references",
            "rules",
        )  # fmt: skip
        fields = {k: v for k, v in row.items() if k not in links}
        fields["severity"] = severities[row["severity"]["slug"]]
        conditions[row["slug"]] = Condition.objects.create(**fields)
    for row in library["conditions"]:
        condition = conditions[row["slug"]]
        condition.body_areas.set([areas[slug] for slug in row["body_areas"]])
        condition.tags.set([tags[slug] for slug in row["tags"]])
        condition.triggers.set([triggers[slug] for slug in row["triggers"]])
        condition.audiences.set([audiences[slug] for slug in row["audiences"]])
        condition.related.add(*[conditions[slug] for slug in row["related"]])
        for slug, typicality, note in row["links"]:
            ConditionSymptom.objects.create(
                condition=condition, symptom=symptoms[slug], typicality=typicality, note=note
            )
        for reference in row["references"]:
            Reference.objects.create(condition=condition, **reference)
        for rule_row in row["rules"]:
            rule = WarningRule.objects.create(
                condition=condition,
                severity=severities[rule_row["severity"]],
                trigger=triggers[rule_row["trigger"]["slug"]] if rule_row["trigger"] else None,
                unless_trigger=(
                    triggers[rule_row["unless_trigger"]["slug"]]
                    if rule_row["unless_trigger"]
                    else None
                ),
                **pick(rule_row, "text", "onset", "side", "order"),
            )
            rule.symptoms.set([symptoms[slug] for slug in rule_row["symptoms"]])
            rule.any_symptoms.set([symptoms[slug] for slug in rule_row["any_symptoms"]])
            rule.audiences.set([audiences[slug] for slug in rule_row["audiences"]])
    for row in library["guides"]:
        guide = Guide.objects.create(
            **{k: v for k, v in row.items() if k not in ("audiences", "conditions", "references")}
        )
        guide.audiences.set([audiences[slug] for slug in row["audiences"]])
        guide.conditions.set([conditions[slug] for slug in row["conditions"]])
        for reference in row["references"]:
            GuideReference.objects.create(guide=guide, **reference)
    # Saving moved the timestamps to now; give them the drawn ones.
    for model, rows in (
        (Symptom, library["symptoms"]),
        (Condition, library["conditions"]),
        (Guide, library["guides"]),
    ):
        for row in rows:
            model.objects.filter(slug=row["slug"]).update(**pick(row, "created_at", "updated_at"))


@pytest.fixture
def no_content():
    """A database without the shipped library (the test's transaction brings it back)."""
    empty_content()


@BOUNDED
@given(library=libraries())
def test_any_valid_content_survives_export_import_export(no_content, tmp_path, library):
    with rolled_back():
        with indexing.paused(), warning_signs.paused():
            build(library)
            if library["pending"]:
                stage_pending(library)
        first = exported()
        data = json.loads(first)
        assert len(data["conditions"]) == len(library["conditions"])
        assert len(data["synonyms"]) == len(library["synonyms"])
        assert len(data["guides"]) == len(library["guides"])
        assert len(data["audiences"]) == len(library["audiences"])
        assert len(data["pending_changes"]) == (library["pending"] is not None)
        (tmp_path / "content.json").write_text(first, encoding="utf-8")
        empty_content()
        PendingChange.objects.all().delete()

        call_command("import_content", str(tmp_path / "content.json"), stdout=io.StringIO())
        assert exported() == first
