"""A reader in a real browser: find a condition, read it, on a phone and a desktop."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


def has_no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_reader_searches_from_the_home_page_and_opens_a_condition(phone_page, site, screenshot):
    page = phone_page
    page.goto(site + "/")
    screenshot(page, "home-phone")
    assert has_no_sideways_scroll(page)
    page.get_by_label("Search for a condition or symptom").fill("sciatica")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=sciatica")
    page.get_by_role("link", name="Sciatica", exact=True).first.click()
    page.wait_for_url("**/conditions/sciatica/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sciatica"
    assert page.get_by_role("heading", name="Is it an emergency?").is_visible()
    assert has_no_sideways_scroll(page)


def test_condition_page_at_phone_and_desktop_width(page, phone_page, site, screenshot):
    for name, tab in [("desktop", page), ("phone", phone_page)]:
        tab.goto(site + "/conditions/deep-vein-thrombosis/")
        screenshot(tab, f"condition-{name}")
        card = tab.locator(".care-card--urgent").first
        assert card.is_visible()
        assert "Get medical help the same day" in card.inner_text()
        assert has_no_sideways_scroll(tab)
    page.goto(site + "/")
    screenshot(page, "home-desktop")


def test_keyboard_user_can_skip_to_content_and_reach_search(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "home-search-q"
    page.keyboard.type("burning feet")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=burning+feet")
    assert page.get_by_role("heading", level=1).inner_text() == "Search results for “burning feet”"


def test_pages_have_no_accessibility_violations(page, site):
    reports = []
    for path in ["/", "/conditions/", "/conditions/stroke/", "/symptoms/", "/symptoms/numbness/"]:
        page.goto(site + path)
        results = Axe().run(page)
        if results.violations_count:
            reports.append(f"{path}: {results.generate_report()}")
    assert reports == []
