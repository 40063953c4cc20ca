"""Every published page reads at grade 6 or below (Flesch-Kincaid, bench/readability.py)."""

import pytest

from bench.readability import grade, page_texts

pytestmark = pytest.mark.django_db

MAX_GRADE = 6.0


def test_the_grade_formula_tells_plain_from_hard_words():
    assert grade("The cat sat on the mat. It was a good cat.") < 2
    assert grade("Intermittent claudication necessitates comprehensive vascular assessment.") > 14
    assert grade("") == 0.0


def test_every_page_reads_at_grade_six_or_below():
    grades = {url: grade(text) for url, text in page_texts()}
    assert len(grades) >= 70
    assert {url: value for url, value in grades.items() if value > MAX_GRADE} == {}
