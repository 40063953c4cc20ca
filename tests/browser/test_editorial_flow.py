"""The editorial flow in a real browser: an editor drafts and submits, a reviewer publishes,
readers find it, and an edit is reverted from history."""

import pytest

from conditions.models import Condition
from tests.browser.editors import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def pick_autocomplete(page, row_selector, text):
    page.locator(f"{row_selector} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_drafts_reviewer_publishes_and_history_reverts(page, people, screenshot):
    site = people
    log_in(page, site, "edna")
    page.goto(site + "/admin/conditions/condition/add/")
    page.get_by_label("Name:", exact=True).fill("Wobbly knee syndrome")
    page.get_by_label("Summary:", exact=True).fill(
        "A made-up condition used to test the editors' workflow."
    )
    page.get_by_label("Severity:", exact=True).select_option(label="See a doctor")
    page.get_by_label("Overview:", exact=True).fill("The first overview text.")
    page.get_by_label("Symptoms:", exact=True).fill("Some symptoms text.")
    page.get_by_label("Knee", exact=True).check()  # body areas are checkboxes
    for index, symptom in enumerate(["Tingling", "Numbness", "Stiffness"]):
        if index:
            page.locator("#symptom_links-group .add-row a").click()
        pick_autocomplete(page, f"#symptom_links-{index}", symptom)
    page.locator("#id_references-0-title").fill("Leg pain")
    page.locator("#id_references-0-publisher").fill("MedlinePlus")
    page.locator("#id_references-0-url").fill("https://medlineplus.gov/ency/article/003182.htm")
    page.locator("#references-group .add-row a").click()
    page.locator("#id_references-1-title").fill("Sprains and strains")
    page.locator("#id_references-1-publisher").fill("NHS")
    page.locator("#id_references-1-url").fill("https://www.nhs.uk/conditions/sprains-and-strains/")
    screenshot(page, "admin-change-form")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/admin/conditions/condition/")
    screenshot(page, "admin-after-save")
    assert (
        "Sent “Wobbly knee syndrome” to Medical reviewers for review."
        in page.locator(".messagelist").inner_text()
    )
    assert Condition.objects.get(slug="wobbly-knee-syndrome").status == "in_review"

    reader = page.context.browser.new_context()
    public = reader.new_page()
    assert public.goto(site + "/conditions/wobbly-knee-syndrome/").status == 404

    log_in(page, site, "rex")
    assert "Wobbly knee syndrome" in page.locator("#editorial-dashboard").inner_text()
    page.goto(site + "/admin/conditions/condition/?status__exact=in_review")
    screenshot(page, "admin-condition-list")
    # Publishing opens a page with what goes live and the review record to confirm.
    page.locator("tr", has_text="Wobbly knee syndrome").locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Publish… (check the changes first)")
    page.locator("button[name=index]").click()
    assert "A new page: readers have not seen it yet." in page.locator("#content").inner_text()
    page.get_by_role("button", name="Publish 1 item (or schedule)").click()
    assert (
        "Published “Wobbly knee syndrome”. Readers see it now."
        in page.locator(".messagelist").inner_text()
    )

    assert public.goto(site + "/conditions/wobbly-knee-syndrome/").status == 200
    assert "The first overview text." in public.content()
    public.goto(site + "/search/?q=wobbly+knee")
    assert public.get_by_role("link", name="Wobbly knee syndrome").count() == 1

    page.goto(site + "/admin/conditions/condition/?q=wobbly")
    page.get_by_role("link", name="Wobbly knee syndrome").click()
    page.get_by_label("Overview:", exact=True).fill("A rewritten overview.")
    page.get_by_role("button", name="Publish…").click()
    page.get_by_role("button", name="Publish 1 item (or schedule)").click()
    public.goto(site + "/conditions/wobbly-knee-syndrome/")
    assert "A rewritten overview." in public.content()

    page.goto(site + "/admin/conditions/condition/?q=wobbly")
    page.get_by_role("link", name="Wobbly knee syndrome").click()
    page.get_by_role("link", name="History").click()
    screenshot(page, "admin-history")
    rows = page.locator("#change-history tr", has_text="Published by")
    assert rows.count() == 2
    rows.last.locator("a").first.click()  # the first version published
    page.get_by_role("button", name="Publish…").click()
    page.get_by_role("button", name="Publish 1 item (or schedule)").click()
    public.goto(site + "/conditions/wobbly-knee-syndrome/")
    assert "The first overview text." in public.content()
    assert "A rewritten overview." not in public.content()
    reader.close()
