"""Who it is about: a child, an adult or someone pregnant changes the rules that apply and
the causes listed, never in the less cautious direction when the reader does not say."""

import re

import pytest

from conditions.checker import steps, warning_signs
from conditions.models import Audience, Severity, WarningRule

pytestmark = pytest.mark.django_db

CHILD_LIMP_HIGH_FEVER = "symptom=limp&symptom=temperature-over-38-5&side=one&onset=sudden"


def served(client, query):
    html = client.get("/check/result/?" + query).content.decode()
    level = re.search(r'data-level="([^"]+)"', html).group(1)
    causes = re.findall(r'class="item-list__title" href="/conditions/([^/]+)/"', html)
    return level, causes, html


@pytest.mark.parametrize(
    "who, level",
    [
        ("young-child", "emergency"),
        ("child", "emergency"),
        ("teenager", "emergency"),
        # An adult with a limp and a high temperature: same day, as for a joint infection.
        ("adult", "urgent"),
        ("pregnant", "urgent"),
        # Not said: the cautious side, as for a child.
        ("not-sure", "emergency"),
        ("", "emergency"),
    ],
)
def test_a_limp_with_a_high_temperature_by_who_it_is_about(client, who, level):
    query = CHILD_LIMP_HIGH_FEVER + (f"&who={who}" if who else "")
    assert served(client, query)[0] == level


def test_a_child_only_rule_names_its_group_in_the_reasons(client):
    _level, _causes, html = served(client, CHILD_LIMP_HIGH_FEVER + "&who=child")
    assert "a child with a limp, or who will not stand on a leg, and a temperature" in html


def test_growing_pains_is_never_listed_for_an_adult(client):
    query = "signs=none&symptom=pain-at-night&symptom=aching-muscles&side=both&onset=gradual"
    _level, for_child, _html = served(client, query + "&who=child")
    _level, for_adult, _html = served(client, query + "&who=adult")
    assert for_child[0] == "growing-pains"
    assert "growing-pains" not in for_adult


def test_pregnancy_conditions_come_first_in_pregnancy_only(client):
    query = "signs=none&symptom=pelvic-pain&symptom=hip-pain&side=both&onset=gradual"
    _level, pregnant, _html = served(client, query + "&who=pregnant")
    _level, adult, _html = served(client, query + "&who=adult")
    assert pregnant[0] == "pelvic-girdle-pain"
    assert "pelvic-girdle-pain" not in adult


def test_an_unknown_group_is_left_out_with_a_note(client):
    level, _causes, html = served(client, CHILD_LIMP_HIGH_FEVER + "&who=grandparent")
    assert "We did not understand the answer for “who it is for”" in html
    assert level == "emergency"  # treated as not said: the cautious side


def test_a_rule_for_a_group_is_never_a_warning_sign_on_its_own(make_symptom, make_condition):
    """A rule only for children cannot make its symptom a warning sign for everyone."""
    symptom = make_symptom()
    rule = WarningRule.objects.create(
        condition=make_condition(), severity=Severity.objects.get(slug="emergency"), text="x"
    )
    rule.symptoms.add(symptom)
    rule.audiences.add(Audience.objects.get(slug="young-child"))
    warning_signs.sync()
    symptom.refresh_from_db()
    assert not rule.is_single_sign
    assert (symptom.is_red_flag, symptom.red_flag_severity) == (False, None)


def test_a_single_symptom_rule_for_a_group_needs_the_group_to_be_said(make_symptom, make_condition):
    symptom = make_symptom()
    rule = WarningRule.objects.create(
        condition=make_condition(),
        severity=Severity.objects.get(slug="urgent"),
        text="a child with this",
    )
    rule.symptoms.add(symptom)
    rule.audiences.add(Audience.objects.get(slug="child"))
    assert rule.matches({symptom.pk}, audience="child")
    assert not rule.matches({symptom.pk}, audience="teenager")
    assert not rule.matches({symptom.pk}, audience="")  # one everyday symptom says too little


class TestTheWhoStep:
    def test_it_comes_straight_after_the_warning_signs(self):
        assert [step.slug for step in steps.STEPS[:2]] == ["signs", "who"]
        assert "who" not in steps.NEEDED_FOR_RESULT

    def test_it_offers_every_group_and_not_saying(self, client):
        html = client.get("/check/who/?signs=none").content.decode()
        assert "Who is this about?" in html
        for audience in Audience.objects.all():
            assert f'value="{audience.slug}"' in html
        assert "I would rather not say" in html
        assert "Leg pain in children: when to worry" in html

    def test_an_answer_is_carried_to_the_next_step(self, client):
        response = client.get("/check/who/?signs=none&who=teenager&go=1")
        assert response.status_code == 302
        assert response["Location"] == "/check/where/?signs=none&who=teenager"

    def test_going_on_without_an_answer_shows_the_error(self, client):
        html = client.get("/check/who/?signs=none&go=1").content.decode()
        assert "Select who this is about, or select ‘I would rather not say’" in html

    def test_the_result_links_the_guide_for_the_group(self, client):
        _level, _causes, html = served(client, CHILD_LIMP_HIGH_FEVER + "&who=young-child")
        assert 'href="/guides/leg-pain-in-children/"' in html
        assert "Who is this about?" in html and "A young child (under 5)" in html
        _level, _causes, html = served(client, CHILD_LIMP_HIGH_FEVER + "&who=adult")
        assert "/guides/leg-" not in html


def test_a_condition_of_the_readers_own_group_comes_before_the_everyday_one(client):
    """Pregnant, with calf cramps at night: cramps in pregnancy first, then leg cramps."""
    query = (
        "signs=none&area=lower-leg-calf&side=one&symptom=muscle-cramps&symptom=calf-pain"
        "&onset=sudden&trigger=night-or-rest"
    )
    _level, pregnant, _html = served(client, query + "&who=pregnant")
    assert pregnant[:2] == ["leg-cramps-in-pregnancy", "leg-cramps"]
    _level, adult, _html = served(client, query + "&who=adult")
    assert adult[0] == "leg-cramps" and "leg-cramps-in-pregnancy" not in adult
