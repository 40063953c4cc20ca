"""The symptom checker in a real browser, answered by its visible labels."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_answers_by_label_and_reads_the_result(phone_page, page, site, screenshot):
    for name, tab in (("phone", phone_page), ("desktop", page)):
        tab.goto(site + "/check/")
        if name == "desktop":
            screenshot(tab, "checker-questions-desktop")
        tab.get_by_label("Leg pain when walking that eases with rest").check()
        tab.get_by_label("Calf pain").check()
        tab.get_by_label("Both legs", exact=True).check()
        tab.get_by_label("It came on gradually").check()
        tab.get_by_label("When walking, and it eases when I rest").check()
        tab.get_by_role("button", name="See possible causes").click()
        tab.wait_for_url("**/check/?*")
        result = tab.locator(".checker-result")
        assert "Possible causes" in result.inner_text()
        first = result.locator(".item-list__title").first.inner_text()
        assert first == "Peripheral arterial disease (PAD)"
        matches = result.locator(".typicality").first.inner_text()
        assert matches.startswith("Matches: ")
        for answer in ["calf pain", "leg pain when walking", "both legs", "came on gradually"]:
            assert answer in matches
        assert result.locator(".care-card--non-urgent").count() == 1
        screenshot(tab, f"checker-answer-{name}")


def test_red_flag_answer_puts_the_emergency_card_first(page, site, screenshot):
    page.goto(site + "/check/")
    page.get_by_label("Sudden weakness or numbness on one side of the body").check()
    page.get_by_role("button", name="See possible causes").click()
    first_card = page.locator(".checker-result .care-card").first
    assert "care-card--emergency" in first_card.get_attribute("class")
    assert "Call the emergency number now" in first_card.inner_text()
    screenshot(page, "checker-red-flag")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
