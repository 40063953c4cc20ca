"""The symptom checker in a real browser: the emergency exit on a phone, a whole path by
keyboard alone, and axe-core on every step and outcome."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from conditions.models import Symptom

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_HEIGHT = 844


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def box_in_first_screen(locator, height):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_one_warning_sign_on_a_phone_shows_call_now_without_scrolling(
    phone_page, site, screenshot, settings
):
    settings.EMERGENCY_NUMBER = "999"
    sign = Symptom.objects.published().red_flags().filter(red_flag_severity__slug="emergency")[0]
    page = phone_page
    page.goto(site + "/check/")
    assert_no_axe_violations(page)
    screenshot(page, "checker-1-signs-phone")
    page.get_by_label(sign.name, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/check/result/?*")
    heading = page.locator("h1#outcome")
    call = page.locator(".checker-outcome a[href='tel:999']")
    assert heading.inner_text().endswith("Call 999 now")
    assert page.evaluate("window.scrollY") == 0
    assert box_in_first_screen(heading, PHONE_HEIGHT)
    assert box_in_first_screen(call, PHONE_HEIGHT)
    assert call.bounding_box()["height"] >= 44
    assert page.evaluate("document.activeElement.id") == "outcome"
    assert page.title().startswith("Call 999 now")
    assert_no_axe_violations(page)
    page.screenshot(
        path=str(screenshot.folder / "checker-outcome-emergency-phone-first-screen.png")
    )
    screenshot(page, "checker-outcome-emergency-phone")


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def tick_by_keyboard(page, selector):
    """Tab to a checkbox and press Space; for a radio, Tab into its group and use arrows."""
    target = page.locator(selector)
    if target.get_attribute("type") == "radio":
        tab_to(page, f'input[name="{target.get_attribute("name")}"]')
        for _ in range(10):
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                break
            page.keyboard.press("ArrowDown")
    else:
        tab_to(page, selector)
    page.keyboard.press("Space")


def continue_by_keyboard(page, path):
    tab_to(page, ".checker-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{path}*")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_whole_non_urgent_path_by_keyboard_alone(browser, site, screenshot, width):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900})
    page = context.new_page()
    name = "phone" if width < 500 else "desktop"
    page.goto(site + "/check/")
    # Going on without an answer: the error summary takes focus and links to the field.
    continue_by_keyboard(page, "/check/?")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert_no_axe_violations(page)
    screenshot(page, f"checker-1-error-{name}")
    answers = [
        ("/check/who/", ["#signs-none"]),
        ("/check/where/", ["#who-adult"]),
        ("/check/legs/", ["#area-lower-back"]),
        ("/check/feel/", ["#side-one"]),
        ("/check/start/", ["#symptom-lower-back-pain", "#symptom-pain-spreading-down-leg"]),
        ("/check/when/", ["#onset-gradual"]),
        ("/check/result/", ["#trigger-none"]),
    ]
    for number, (next_path, fields) in enumerate(answers, start=1):
        for field in fields:
            tick_by_keyboard(page, field)
            assert page.locator(field).is_checked()
        continue_by_keyboard(page, next_path)
        assert_no_axe_violations(page)
        screenshot(page, f"checker-{number + 1}-{next_path.strip('/').replace('/', '-')}-{name}")
    outcome = page.locator(".checker-outcome")
    assert outcome.get_attribute("data-level") == "see-a-doctor"
    assert page.evaluate("document.activeElement.id") == "outcome"
    causes = page.locator(".checker-causes .item-list__title").all_inner_texts()
    assert "Sciatica" in causes[:3]
    context.close()


OUTCOMES = [
    ("self-care", "area=lower-leg-calf&side=one&symptom=muscle-cramps&symptom=calf-pain"
     "&onset=sudden&trigger=night-or-rest", "self-care"),
    ("urgent", "area=lower-leg-calf&side=one&symptom=calf-pain&symptom=leg-swelling"
     "&onset=gradual&trigger=none", "urgent"),
    ("emergency-combination", "area=lower-back&side=both&symptom=pain-spreading-down-leg"
     "&symptom=leg-weakness&symptom=numbness&onset=gradual&trigger=none", "emergency"),
]  # fmt: skip


def test_outcomes_at_phone_and_desktop_width(phone_page, page, site, screenshot):
    for name, query, level in OUTCOMES:
        for width, tab in (("phone", phone_page), ("desktop", page)):
            tab.goto(f"{site}/check/result/?signs=none&{query}")
            assert tab.locator(".checker-outcome").get_attribute("data-level") == level, name
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert_no_axe_violations(tab)
            screenshot(tab, f"checker-outcome-{name}-{width}")
