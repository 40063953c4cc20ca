"""Search in a real browser: suggestions as you type, filters, and the no-script page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


def test_suggestions_appear_as_you_type_and_lead_to_the_page(page, site, screenshot):
    page.goto(site + "/")
    box = page.get_by_label("Search for a condition or symptom")
    box.press_sequentially("scia", delay=50)
    suggestion = page.locator(".suggestions").get_by_role("link", name="Sciatica")
    suggestion.wait_for(state="visible")
    announced = page.locator("form [role=status]").first.inner_text()
    count = page.locator(".suggestions a").count()
    noun = "suggestion" if count == 1 else "suggestions"
    assert announced == f"{count} {noun}. Press the down arrow to reach them."
    screenshot(page, "suggestions")
    box.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Sciatica"
    page.keyboard.press("Enter")
    page.wait_for_url("**/conditions/sciatica/")


def test_search_page_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/search/?q=calf+pain")
    assert page.locator("#result-count").inner_text().endswith("found")
    page.get_by_role("link", name="Lower leg (calf)").first.click()
    assert "area=lower-leg-calf" in page.url
    assert page.locator(".facet__selected").count() == 1
    context.close()


def test_red_flag_search_page_is_accessible(page, site, screenshot):
    page.goto(site + "/search/?q=sudden+weakness+in+one+leg")
    screenshot(page, "search-red-flag")
    assert page.locator(".care-card--emergency").first.is_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
