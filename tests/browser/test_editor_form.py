"""The condition form as a new editor meets it (issue 13): a complete condition in at most 15
clicks or selections besides typing, a page that fits 1,280 px, and problems listed at
the top with links to their fields."""

import re

import pytest
from django.contrib.auth.models import Group

from conditions import workflow
from conditions.models import Condition, Status
from tests.browser.editors import PASSWORD
from tests.browser.editors import log_in as log_in_as

pytestmark = pytest.mark.django_db(transaction=True)

ADD = "/admin/conditions/condition/add/"
MAX_CLICKS = 15
SYMPTOMS = ["Knee pain", "Numbness", "Stiffness"]


class Clicks:
    """Every click and selection a person would make, counted; typing is not counted."""

    def __init__(self):
        self.done = []

    def click(self, locator, what):
        locator.click()
        self.done.append(what)

    def check(self, locator, what):
        locator.check()
        self.done.append(what)

    def select(self, locator, what, **option):
        locator.select_option(**option)
        self.done.append(what)

    def __len__(self):
        return len(self.done)


@pytest.fixture
def editor_site(site, django_user_model):
    """The live site with Edie, an editor (``site`` puts the roles back each test)."""
    user = django_user_model.objects.create_user("edie", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=workflow.EDITORS_GROUP))
    return site


def log_in(page, site):
    log_in_as(page, site, "edie")


def send_button(page):
    """The "Submit for review" button."""
    return page.get_by_role("button", name="Submit for review")


def page_size(page):
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )


def test_invalid_save_lists_every_problem_at_the_top(page, editor_site, screenshot):
    site = editor_site
    log_in(page, site)
    page.goto(site + ADD)
    assert page_size(page)[0] <= 1280
    page.locator("#id_name").fill("Half-filled knee")
    page.locator("#id_references-0-title").fill("Leg pain")
    page.locator("#id_references-0-url").fill("https://medlineplus.gov/ency/article/003182.htm")
    send_button(page).click()
    page.wait_for_load_state()

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "There is a problem" in summary.inner_text()
    # At the top: above the first field, and focused so it is read first.
    assert summary.bounding_box()["y"] < page.locator("#id_name").bounding_box()["y"]
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    problems = summary.locator("li").all_inner_texts()
    for expected in (
        "Summary: This field is required.",
        "Severity: This field is required.",
        "Reference 1, Publisher: This field is required.",
    ):
        assert expected in problems, problems
    assert page.locator("p.errornote").is_hidden()  # the summary replaces Django's note
    page.screenshot(path=screenshot.folder / "editor-form-errors.png")  # the top of the page

    summary.get_by_role("link", name="Reference 1, Publisher: This field is required.").click()
    assert page.evaluate("document.activeElement.id") == "id_references-0-publisher"
    summary.get_by_role("link", name="Summary: This field is required.").click()
    assert page.evaluate("document.activeElement.id") == "id_summary"
    # What was typed is kept.
    assert page.locator("#id_references-0-title").input_value() == "Leg pain"
    assert not Condition.objects.filter(name="Half-filled knee").exists()


def test_an_editor_creates_a_complete_condition_in_few_clicks(page, editor_site, screenshot):
    site = editor_site
    log_in(page, site)
    page.goto(site + ADD)
    width, height = page_size(page)
    assert width <= 1280
    clicks = Clicks()

    page.locator("#id_name").fill("Wobbly knee syndrome")
    count = page.locator("#id_summary_count")
    assert count.inner_text() == "You have 160 characters remaining"
    page.locator("#id_summary").fill("x" * 165)
    assert count.inner_text() == "You have 5 characters too many"
    spoken = page.locator("#id_summary_count + [aria-live=polite]")
    page.wait_for_function("el => el.textContent.includes('too many')", arg=spoken.element_handle())
    page.locator("#id_summary").fill("A made-up knee condition used to test the editors' form.")
    assert count.inner_text() == "You have 104 characters remaining"
    clicks.select(page.locator("#id_severity"), "care level", label="See a doctor")
    page.locator("#id_overview").fill("The knee feels wobbly after exercise.")
    page.locator("#id_symptoms_text").fill("A wobbly, stiff knee.")
    page.locator("#id_causes").fill("Nobody knows.")
    page.locator("#id_self_care").fill("- Rest\n- Ice")
    page.locator("#id_treatment").fill("Physiotherapy.")
    page.locator("#id_get_help_doctor").fill("- it is not better after 2 weeks")
    clicks.check(page.get_by_label("Knee", exact=True), "body area")
    for index, symptom in enumerate(SYMPTOMS):
        row = page.locator(f"#symptom_links-{index}")
        clicks.click(row.locator(".select2-selection"), f"open symptom {index + 1}")
        page.locator(".select2-container--open .select2-search__field").fill(symptom)
        exactly = re.compile(rf"^{re.escape(symptom)}$")
        option = page.locator(".select2-results__option", has_text=exactly)
        clicks.click(option, f"pick {symptom}")
    for index, (title, publisher, url) in enumerate(
        [
            ("Leg pain", "MedlinePlus", "https://medlineplus.gov/ency/article/003182.htm"),
            ("Knee pain", "NHS", "https://www.nhs.uk/conditions/knee-pain/"),
        ]
    ):
        page.locator(f"#id_references-{index}-title").fill(title)
        page.locator(f"#id_references-{index}-publisher").fill(publisher)
        page.locator(f"#id_references-{index}-url").fill(url)
    if not page.locator("[name=_submit_for_review]").count() and page.locator("#id_status").count():
        # Before the workflow buttons: the status is chosen on the form.
        clicks.select(page.locator("#id_status"), "status", label="In review")
    assert page.locator("#id_slug").input_value() == "wobbly-knee-syndrome"
    assert page_size(page)[0] <= 1280
    screenshot(page, "editor-form")
    clicks.click(send_button(page), "submit for review")
    page.wait_for_load_state()

    print(f"\nclicks and selections: {len(clicks)} {clicks.done}; add form {width}x{height} px")
    assert len(clicks) <= MAX_CLICKS, clicks.done
    condition = Condition.objects.get(slug="wobbly-knee-syndrome")
    assert condition.status == Status.IN_REVIEW, page.locator("body").inner_text()[:2000]
    assert condition.name == "Wobbly knee syndrome"
    assert condition.summary.startswith("A made-up knee condition")
    assert condition.severity.name == "See a doctor"
    assert condition.overview == "The knee feels wobbly after exercise."
    assert [area.name for area in condition.body_areas.all()] == ["Knee"]
    assert sorted(link.symptom.name for link in condition.symptom_links.all()) == sorted(SYMPTOMS)
    assert sorted((r.title, r.publisher) for r in condition.references.all()) == [
        ("Knee pain", "NHS"),
        ("Leg pain", "MedlinePlus"),
    ]
    assert condition.review_comment == ""


def test_the_form_fits_a_narrow_screen(browser, editor_site):
    """At 320 px the admin stacks labels over fields; nothing should need sideways scrolling
    except the inline tables, which scroll inside their own box."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    log_in(page, editor_site)
    page.goto(editor_site + ADD)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_long_names_wrap_to_two_lines_at_most_in_the_list(page, editor_site):
    log_in(page, editor_site)
    page.goto(editor_site + "/admin/conditions/condition/?o=1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    lines = page.evaluate(
        """Array.from(document.querySelectorAll('#result_list tbody th.field-name a'))
             .map(a => a.getClientRects().length)"""
    )
    assert lines and max(lines) <= 2, max(lines)
