"""The checker's steps as a reader meets them: one question a page, errors, back links,
the early exit on a warning sign, old shared links, and the one outcome."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from conditions.checker import steps
from conditions.models import Symptom

pytestmark = pytest.mark.django_db


def first_sign():
    return Symptom.objects.published().red_flags().filter(red_flag_severity__slug="emergency")[0]


def urgent_sign():
    return Symptom.objects.published().red_flags().filter(red_flag_severity__slug="urgent")[0]


def h1(html):
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_step_one_asks_only_the_warning_signs(client):
    html = client.get("/check/").content.decode()
    assert h1(html).endswith("Do you have any of these warning signs?")
    signs = list(Symptom.objects.published().red_flags())
    assert len(signs) >= 10
    for sign in signs:
        assert f'value="{sign.slug}"' in html
    everyday = Symptom.objects.published().filter(is_red_flag=False)
    assert not any(f'value="{symptom.slug}"' in html for symptom in everyday)
    assert 'name="signs" value="none"' in html


def test_continuing_without_an_answer_shows_an_error_summary_linked_to_the_field(client):
    response = client.get("/check/?go=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert title(html).startswith("Error: Do you have any of these warning signs?")
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    link = re.search(r'href="#([^"]+)">([^<]+)<', summary)
    assert link.group(2) == steps.STEPS[0].error
    assert f'id="{link.group(1)}"' in html


def test_a_warning_sign_goes_straight_to_its_outcome(client):
    sign = first_sign()
    response = client.get(f"/check/?go=1&symptom={sign.slug}")
    assert response.status_code == 302
    assert urlsplit(response.url).path == "/check/result/"
    assert parse_qs(urlsplit(response.url).query)["symptom"] == [sign.slug]
    html = client.get(response.url).content.decode()
    assert 'data-level="emergency"' in html
    assert h1(html).endswith("Call your local emergency number now")
    assert title(html).startswith("Call your local emergency number now")
    # One outcome: one care card, and the sign is named inside it.
    assert html.count('class="checker-outcome care-card') == 1
    assert html.count('class="care-card__heading"') == 1
    card = html.split('data-level="emergency"')[1].split('aria-labelledby="causes-heading"')[0]
    reasons = card.split("You told us about:")[1]
    assert any(rule.text in reasons for rule in sign.warning_rules.all())


def test_an_urgent_sign_gives_same_day_help_once(client):
    sign = urgent_sign()
    html = client.get(f"/check/result/?symptom={sign.slug}").content.decode()
    assert 'data-level="urgent"' in html
    assert h1(html).endswith("Get medical help the same day")
    assert "Contact your doctor or an urgent care service today." in html
    assert html.count('class="care-card__heading"') == 1


@override_settings(EMERGENCY_NUMBER="999", URGENT_CARE_NUMBER="111")
def test_configured_numbers_are_tap_to_call(client):
    html = client.get(f"/check/result/?symptom={first_sign().slug}").content.decode()
    assert h1(html).endswith("Call 999 now")
    assert '<a class="call-link" href="tel:999">Call 999</a>' in html
    html = client.get(f"/check/result/?symptom={urgent_sign().slug}").content.decode()
    assert '<a class="call-link" href="tel:111">111</a>' in html
    assert "tel:999" in html  # the header's warning strip


def test_the_steps_carry_earlier_answers_and_move_on_in_order(client):
    url = "/check/?go=1&signs=none"
    visited = []
    answers = {
        "who": "who=adult",
        "where": "area=lower-back",
        "legs": "side=one",
        "feel": "symptom=lower-back-pain&symptom=pain-spreading-down-leg",
        "start": "onset=gradual",
        "when": "trigger=none",
    }
    for step in steps.STEPS[1:]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response.url).path == step.url()
        visited.append(step.slug)
        page = client.get(response.url)
        html = page.content.decode()
        assert h1(html).endswith(step.question)
        # Earlier answers travel as hidden fields; the back link keeps them too.
        assert '<input type="hidden" name="signs" value="none">' in html
        assert "signs=none" in html.split('class="back-link"')[1].split(">")[0]
        url = response.url + "&go=1&" + answers[step.slug]
    response = client.get(url)
    assert urlsplit(response.url).path == "/check/result/"
    assert visited == ["who", "where", "legs", "feel", "start", "when"]
    html = client.get(response.url).content.decode()
    assert 'data-level="see-a-doctor"' in html
    causes = re.findall(r'class="item-list__title" href="/conditions/([^/]+)/"', html)
    assert "sciatica" in causes[:3]


@pytest.mark.parametrize(
    "step, query",
    [("legs", "signs=none&area=knee"), ("start", "signs=none&side=one&symptom=calf-pain")],
)
def test_a_required_answer_left_out_is_an_error_on_that_step(client, step, query):
    path = steps.BY_SLUG[step].url()
    html = client.get(f"{path}?{query}&go=1").content.decode()
    assert "There is a problem" in html
    assert steps.BY_SLUG[step].error in html


def test_not_sure_is_an_answer_for_side_and_onset(client):
    response = client.get("/check/legs/?signs=none&area=knee&side=not-sure&go=1")
    assert urlsplit(response.url).path == "/check/feel/"
    response = client.get(
        "/check/start/?signs=none&side=not-sure&symptom=calf-pain&onset=not-sure&go=1"
    )
    assert urlsplit(response.url).path == "/check/when/"


def test_old_shared_result_links_still_show_their_outcome(client):
    query = "symptom=muscle-cramps&symptom=calf-pain&side=one&onset=sudden&trigger=night-or-rest"
    response = client.get("/check/?" + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="checker-outcome' in html
    assert 'data-level="self-care"' in html


def test_an_old_link_with_only_a_warning_sign_shows_the_emergency(client):
    html = client.get(f"/check/?symptom={first_sign().slug}").content.decode()
    assert 'data-level="emergency"' in html


def test_the_result_without_the_needed_answers_sends_the_reader_back(client):
    response = client.get("/check/result/?signs=none&symptom=calf-pain")
    assert urlsplit(response.url).path == "/check/legs/"
    assert "symptom=calf-pain" in response.url


def test_a_warning_sign_on_a_later_step_skips_to_the_outcome(client):
    response = client.get(f"/check/feel/?symptom={first_sign().slug}")
    assert urlsplit(response.url).path == "/check/result/"


def test_the_result_lists_the_answers_with_change_links(client):
    query = "signs=none&area=knee&side=both&symptom=muscle-cramps&onset=sudden&trigger=none"
    html = client.get("/check/result/?" + query).content.decode()
    answers = html.split('id="answers-heading"')[1]
    for question in [s.question for s in steps.STEPS]:
        assert question in answers
    assert '<a href="/check/legs/?' in answers
    assert (
        'Change<span class="visually-hidden"> your answer to: Is it in one leg or both legs?'
        in answers
    )


@pytest.mark.parametrize(
    "query",
    [
        "symptom=no-such-thing",
        "symptom=tingling&symptom=tingling&symptom=tingling",
        "side=one&side=both&symptom=numbness",
        "onset=yesterday&symptom=numbness",
        "area=elbow&trigger=%00&symptom=%3Cscript%3E",
        "&".join(f"symptom=s{i}" for i in range(500)),
        "symptom=" + "x" * 5000,
        "page=1&q=abc",
    ],
)
@pytest.mark.parametrize("path", ["/check/", "/check/feel/", "/check/result/"])
def test_bad_input_gets_a_normal_page(client, query, path):
    response = client.get(f"{path}?{query}", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split("</head>")[1]
    assert "<h1" in html


@pytest.mark.parametrize(
    "answers",
    [
        "symptom=cold-pale-leg",
        "signs=none&area=knee&side=both&symptom=muscle-cramps&onset=sudden&trigger=none",
    ],
)
def test_change_links_open_the_question_even_for_the_first_step(client, answers):
    html = client.get("/check/result/?" + answers).content.decode()
    change = re.search(r'<a href="(/check/\?[^"]+)">Change', html).group(1).replace("&amp;", "&")
    page = client.get(change).content.decode()
    assert h1(page).endswith("Do you have any of these warning signs?")
    assert 'class="checker-outcome' not in page


def test_a_same_day_sign_that_could_still_be_an_emergency_asks_on(client):
    """A leg you cannot stand on is same-day help; with a pop when it happened, or in a
    child with a high temperature, an emergency: so the questions go on, saying so."""
    response = client.get("/check/?go=1&symptom=not-putting-weight-on-leg")
    assert urlsplit(response.url).path == "/check/who/"
    html = client.get(response.url).content.decode()
    assert h1(html).endswith("Who is this about?")
    assert "Get medical help the same day." in html
    assert 'href="/check/result/?symptom=not-putting-weight-on-leg"' in html
    # Later steps do not skip to the result either, and the answers lead to the emergency.
    feel = "/check/feel/?symptom=not-putting-weight-on-leg&who=adult&area=upper-leg-thigh&side=one"
    assert client.get(feel).status_code == 200
    response = client.get(feel + "&symptom=heard-a-pop-or-snap&go=1")
    assert urlsplit(response.url).path == "/check/start/"


def test_a_same_day_sign_with_nothing_more_urgent_goes_straight_to_its_outcome(client):
    response = client.get("/check/?go=1&symptom=knee-locked")
    assert urlsplit(response.url).path == "/check/result/"
    html = client.get(response.url).content.decode()
    assert 'data-level="urgent"' in html


def test_an_emergency_sign_never_asks_on(client):
    response = client.get("/check/?go=1&symptom=not-putting-weight-on-leg&symptom=bleeding-vein")
    assert urlsplit(response.url).path == "/check/result/"


@pytest.mark.parametrize(
    "path, number, question",
    [
        ("/check/", 1, "Do you have any of these warning signs?"),
        ("/check/who/", 2, "Who is this about?"),
        ("/check/when/", 7, "Does anything bring it on?"),
    ],
)
def test_each_question_says_where_it_is_among_the_seven(client, path, number, question):
    html = client.get(f"{path}?signs=none").content.decode()
    assert title(html).startswith(f"{question} (question {number} of 7)")


def test_the_first_question_says_it_is_no_diagnosis_and_later_ones_offer_a_fresh_start(client):
    disclaimer = "<strong>This is not a diagnosis.</strong> It helps you decide how soon"
    start_again = '<p><a href="/check/">Start again</a></p>'
    first = client.get("/check/").content.decode()
    assert disclaimer in first and start_again not in first
    second = client.get("/check/who/?signs=none").content.decode()
    assert disclaimer not in second and start_again in second


def back_link(html):
    match = re.search(r'<a class="back-link" href="([^"]*)">Back</a>', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_the_first_question_has_no_back_link(client):
    assert back_link(client.get("/check/?signs=none&who=adult").content.decode()) is None


@pytest.mark.parametrize(
    "path, back",
    [
        ("/check/who/", "/check/"),
        ("/check/where/", "/check/who/"),
        ("/check/legs/", "/check/where/"),
        ("/check/feel/", "/check/legs/"),
        ("/check/start/", "/check/feel/"),
        ("/check/when/", "/check/start/"),
    ],
)
def test_the_back_link_goes_to_the_question_just_before_with_the_answers(client, path, back):
    html = client.get(f"{path}?signs=none&who=adult").content.decode()
    assert back_link(html) == f"{back}?signs=none&who=adult"


def reasons(html):
    listed = html.split('class="checker-outcome__reasons">')[1].split("</ul>")[0]
    return [item.strip() for item in re.findall(r"<li>(.*?)</li>", listed, re.S)]


ISCHAEMIA = (
    '<a href="/conditions/acute-limb-ischaemia/">'
    "Acute limb ischaemia (sudden loss of blood supply to the leg)</a>"
)


def test_a_reason_links_every_condition_whose_page_gives_that_warning(client):
    html = client.get("/check/result/?symptom=cold-pale-leg").content.decode()
    assert reasons(html) == [
        "a leg that suddenly goes cold, pale, blue or numb, or will not move "
        f'<span class="checker-outcome__source">(see {ISCHAEMIA}, '
        '<a href="/conditions/peripheral-arterial-disease/">Peripheral arterial disease (PAD)'
        "</a>)</span>"
    ]


def test_a_reason_met_by_several_rules_of_one_condition_links_it_once(client):
    """Two of acute limb ischaemia's rules, worded alike, are met (numb; tingly)."""
    query = "symptom=numbness&symptom=tingling&symptom=calf-pain&side=one&onset=sudden"
    html = client.get(f"/check/result/?{query}").content.decode()
    assert reasons(html) == [
        "sudden, very bad pain in one leg, and the leg goes numb, tingly, weak or pale "
        f'<span class="checker-outcome__source">(see {ISCHAEMIA})</span>',
        "a leg that suddenly went numb on one side "
        '<span class="checker-outcome__source">(see <a href="/conditions/stroke/">Stroke</a>)'
        "</span>",
    ]


def test_a_possible_cause_lists_the_answers_that_fit_it_in_plain_words(client):
    query = (
        "signs=none&who=adult&area=lower-leg-calf&side=one&symptom=calf-pain"
        "&symptom=muscle-cramps&onset=sudden&trigger=night-or-rest"
    )
    html = client.get(f"/check/result/?{query}").content.decode()
    first = html.split('class="item-list__item">')[1].split("</li>")[0]
    assert 'href="/conditions/leg-cramps/"' in first
    assert (
        '<p class="typicality">Matches: calf pain, muscle cramps, lower leg (calf), '
        "started suddenly, at night or when resting</p>"
    ) in first
