"""The library against the commissioning files in ../shared/content (`make content-check`).

Not part of `make test`: a clone without the commissioning files beside it has nothing to
compare with. LEGPAIN_CONTENT_DIR points elsewhere. Without the folder these tests skip
(fail under CI=true: `.ci/run` only runs them when the folder is there).
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from conditions.loading import LIBRARY_DIR
from conditions.models import Condition, Symptom, WarningRule

pytestmark = pytest.mark.django_db

SHARED_CONTENT = Path(
    os.environ.get("LEGPAIN_CONTENT_DIR") or Path(settings.BASE_DIR).parent / "shared" / "content"
)


def _shared_text():
    if not SHARED_CONTENT.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_CONTENT} is missing in CI")
        pytest.skip("the commissioning content is not beside this checkout")
    return {path.name: path.read_text() for path in SHARED_CONTENT.glob("*.md")}


def _words(text):
    return re.findall(r"[a-z0-9']+", text.lower())


def test_sources_file_matches_the_brief():
    """Every source is a row of a brief's sources table: same key, title, publisher, URL."""
    rows = {
        line
        for name in ("brief.md", "brief-corrections.md", "brief-additions.md")
        for line in _shared_text()[name].splitlines()
        if line.startswith("| ")
    }
    missing = [
        source["key"]
        for source in json.loads((LIBRARY_DIR / "sources.json").read_text())
        if f"| {source['key']} | {source['title']} | {source['publisher']} | {source['url']} |"
        not in rows
    ]
    assert missing == []


def test_no_sentence_is_copied_from_the_commissioning_files():
    """Prose is in our own words: no run of eight words is shared with the source files."""
    run = 8
    source_words = _words(" ".join(_shared_text().values()))
    prose = Condition.PROSE_FIELDS
    source_runs = {tuple(source_words[i : i + run]) for i in range(len(source_words) - run + 1)}
    texts = [
        (condition, " ".join([condition.summary] + [getattr(condition, f) for f in prose]))
        for condition in Condition.objects.all()
    ] + [(symptom, f"{symptom.name}. {symptom.description}") for symptom in Symptom.objects.all()]
    texts += [
        (rule.condition, rule.text) for rule in WarningRule.objects.select_related("condition")
    ]
    copied = []
    for item, text in texts:
        words = _words(text)
        copied += [
            f"{item}: {' '.join(words[i : i + run])}"
            for i in range(len(words) - run + 1)
            if tuple(words[i : i + run]) in source_runs
        ]
    assert copied == []
