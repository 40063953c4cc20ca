"""Every page type on a phone (390×844) and at 200% zoom (320 CSS px): nothing pushed off
screen, every control big enough to tap, and the emergency box on the first screen of every
condition page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from conditions.models import Condition

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/conditions/",
    "/conditions/sciatica/",
    "/conditions/knee-ligament-and-cartilage-injuries/",
    "/guides/",
    "/guides/leg-pain-in-children/",
    "/symptoms/",
    "/symptoms/numbness/",
    "/body-areas/lower-leg-calf/",
    "/body-areas/knee/",
    "/tags/nerves/",
    "/search/?q=calf+pain",
    "/check/",
    "/check/who/?signs=none",
    "/check/who/?symptom=not-putting-weight-on-leg",
    "/check/feel/?signs=none&area=knee&side=one",
    "/check/result/?signs=none&area=knee&side=one&symptom=calf-pain&onset=gradual&trigger=none",
    "/conditions/no-such-page/",
]
# Controls a reader taps. Links inside running text are exempt, as WCAG 2.5.8 allows.
CONTROLS = (
    "header a, header button, header input, nav a, .breadcrumb a, .site-footer a, button, "
    "input:not([type=hidden]), select, .chip, .back-link, .call-link, "
    ".summary-list__change a, .item-list__title, .tile, .red-flag-list a"
)
SMALL_CONTROLS = f"""
() => Array.from(document.querySelectorAll({CONTROLS!r}))
  .filter(e => e.offsetParent !== null && !e.closest('p, dd:not(.summary-list__change)'))
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width < 44 || r.height < 44)
  .map(([e, r]) => `${{e.tagName}}.${{e.className}} "${{(e.innerText || e.id).slice(0, 30)}}"`
    + ` ${{Math.round(r.width)}}x${{Math.round(r.height)}}`)
"""


@pytest.fixture
def narrow(browser):
    """A phone at 200% zoom: 320 CSS pixels wide."""
    context = browser.new_context(viewport={"width": 320, "height": 568}, is_mobile=True)
    yield context.new_page()
    context.close()


def test_every_page_reflows_and_has_big_enough_controls(phone_page, narrow, site):
    """One test for all the pages (each browser test reloads the library, ~6 s): every
    problem on every page is listed."""
    problems = []
    for path in PAGES:
        for name, tab in (("390", phone_page), ("320", narrow)):
            tab.goto(site + path)
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{path} at {name} px scrolls sideways by {overflow} px")
            small = tab.evaluate(SMALL_CONTROLS)
            if small:
                problems.append(f"{path} at {name} px: controls under 44 px: {small}")
        phone_page.goto(site + path)
        results = Axe().run(phone_page)
        if results.violations_count:
            problems.append(f"{path}: {results.generate_report()}")
    assert problems == []


def test_header_takes_at_most_a_quarter_of_the_first_phone_screen(phone_page, site):
    phone_page.goto(site + "/conditions/")
    header = phone_page.locator("header.site-header").bounding_box()
    assert header["height"] <= 844 * 0.25
    assert phone_page.get_by_placeholder("Search this site").is_visible()


def test_every_condition_page_shows_its_emergency_box_on_the_first_screen(
    phone_page, site, screenshot
):
    for condition in Condition.objects.published():
        phone_page.goto(site + condition.get_absolute_url())
        box = phone_page.locator("#is-it-an-emergency").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, condition.slug
    screenshot(phone_page, "condition-last-phone")
