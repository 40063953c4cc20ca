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


def test_too_many_answers_to_one_question_get_the_cap_note_not_an_error(client):
    answers = read_answers(params("side", ["one"] * (CAP + 1)))
    assert (answers.side, answers.notes) == ("one", [CAP_NOTE])
    areas = read_answers(params("area", ["knee"] * (CAP + 1)))
    assert ([a.slug for a in areas.areas], areas.notes) == (["knee"], [CAP_NOTE])
    triggers = read_answers(params("trigger", ["night-or-rest"] * (CAP + 1)))
    assert ([t.slug for t in triggers.triggers], triggers.notes) == (["night-or-rest"], [CAP_NOTE])
    query = "&".join(["symptom=cold-pale-leg", *(["side=one"] * (CAP + 1))])
    assert notes_on_page(client, query)[1] == [CAP_NOTE]


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


EARLIER = "symptom=calf-pain&signs=none"


@pytest.mark.parametrize(
    ("step", "answer", "next_address"),
    [
        ("/check/who/", "who=not-sure", f"/check/where/?{EARLIER}&who=not-sure"),
        ("/check/where/", "area=knee", f"/check/legs/?{EARLIER}&area=knee"),
        ("/check/where/", "area=not-sure", f"/check/legs/?{EARLIER}&area=not-sure"),
        (
            "/check/when/",
            "side=one&onset=sudden&trigger=night-or-rest",
            f"/check/result/?{EARLIER}&side=one&onset=sudden&trigger=night-or-rest",
        ),
        (
            "/check/when/",
            "side=one&onset=sudden&trigger=none",
            f"/check/result/?{EARLIER}&side=one&onset=sudden&trigger=none",
        ),
    ],
)
def test_an_answer_travels_in_the_address_of_the_next_step(client, step, answer, next_address):
    """Every step and the result have a shareable address: an answer missing from it
    would be lost on the next page (and the result would ask for it again)."""
    response = client.get(f"{step}?{EARLIER}&{answer}&go=1")
    assert response.status_code == 302
    assert response["Location"] == next_address


def test_two_answers_to_a_one_answer_question_leave_it_unanswered(client):
    """Both left out: the step asks again, with the note saying why."""
    response = client.get("/check/legs/?signs=none&area=knee&side=one&side=both&go=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select one leg, both legs or ‘Not sure’" in html
    assert "You chose more than one answer for “one or both legs”, so we left it out." in html
