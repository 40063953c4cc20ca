"""The checker's reading of answers: what it drops, the note it shows for that, and its cap
of answers per question."""

import pytest
from django.http import QueryDict

from conditions.checker.answers import read_answers

pytestmark = pytest.mark.django_db

CAP = 40  # the documented cap, written out: the constant itself is under test
CAP_NOTE = "You gave more answers than we can use for one question; we used the first 40."


def notes_on_page(client, query):
    html = client.get("/check/result/?" + query).content.decode()
    return html, [
        line.split('role="status">')[1].split("</p>")[0]
        for line in html.split('<p class="note"')[1:]
    ]


@pytest.mark.parametrize(
    ("query", "note"),
    [
        (
            "symptom=cold-pale-leg&symptom=no-such-thing",
            "Some answers about what you feel were not recognised and were left out.",
        ),
        (
            "symptom=cold-pale-leg&side=one&side=both",
            "You chose more than one answer for “one or both legs”, so we left it out.",
        ),
        (
            "symptom=cold-pale-leg&onset=yesterday",
            "We did not understand the answer for “how it started”, so we left it out.",
        ),
        (
            "symptom=cold-pale-leg&area=elbow",
            "Some answers about where it is were not recognised and were left out.",
        ),
        (
            "symptom=cold-pale-leg&trigger=moonlight",
            "Some answers about what brings it on were not recognised and were left out.",
        ),
        (
            "symptom=cold-pale-leg&who=martian",
            "We did not understand the answer for “who it is for”, so we left it out.",
        ),
    ],
)
def test_a_dropped_answer_gives_the_result_with_a_note(client, query, note):
    html, notes = notes_on_page(client, query)
    assert notes == [note]
    assert 'data-level="emergency"' in html  # the understood answer still counts


def test_good_answers_give_no_note(client):
    assert notes_on_page(client, "symptom=cold-pale-leg&side=one&onset=sudden")[1] == []


def params(name, values):
    query = QueryDict(mutable=True)
    query.setlist(name, values)
    return query


def test_answers_beyond_the_cap_are_dropped_with_a_note():
    filler = [f"unknown-{i}" for i in range(CAP - 1)]
    at_cap = read_answers(params("symptom", [*filler, "numbness"]))
    assert [s.slug for s in at_cap.symptoms] == ["numbness"]
    assert CAP_NOTE not in at_cap.notes

    over = read_answers(params("symptom", [*filler, "unknown-x", "numbness"]))
    assert over.symptoms == []
    assert over.notes == [
        CAP_NOTE,
        "Some answers about what you feel were not recognised and were left out.",
    ]


def test_repeated_answers_count_once_and_are_not_a_problem():
    answers = read_answers(params("symptom", ["numbness"] * 3))
    assert [s.slug for s in answers.symptoms] == ["numbness"] and answers.notes == []


def test_the_cap_shows_on_the_page(client):
    query = "&".join(["symptom=cold-pale-leg", *(f"symptom=s{i}" for i in range(60))])
    html, notes = notes_on_page(client, query)
    assert notes == [
        CAP_NOTE,
        "Some answers about what you feel were not recognised and were left out.",
    ]
    assert 'data-level="emergency"' in html
