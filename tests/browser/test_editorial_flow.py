"""The editorial flow in a real browser: an editor drafts and submits, a reviewer publishes,
readers find it, and an edit is reverted from history."""

import pytest
from django.contrib.auth.models import Group

from conditions import workflow
from conditions.models import Condition

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(site, django_user_model):
    for username, role in (("edna", workflow.EDITORS_GROUP), ("rex", workflow.REVIEWERS_GROUP)):
        user = django_user_model.objects.create_user(
            username, password="a-long-test-password", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
    return site


def log_in(page, site, username):
    page.context.clear_cookies()
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/admin/")


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
    page.locator("#id_body_areas_from").select_option(label="Knee")
    page.locator("#id_body_areas_add").click()
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
    page.get_by_label("Status:", exact=True).select_option(label="In review")
    screenshot(page, "admin-change-form")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/conditions/condition/")
    screenshot(page, "admin-after-save")
    assert "was added successfully" in page.locator("body").inner_text()
    assert Condition.objects.get(slug="wobbly-knee-syndrome").status == "in_review"

    reader = page.context.browser.new_context()
    public = reader.new_page()
    assert public.goto(site + "/conditions/wobbly-knee-syndrome/").status == 404

    log_in(page, site, "rex")
    screenshot(page, "admin-dashboard")
    assert "Wobbly knee syndrome" in page.locator("#editorial-dashboard").inner_text()
    page.goto(site + "/admin/conditions/condition/?status__exact=in_review")
    screenshot(page, "admin-condition-list")
    # Nothing goes live without a recorded review: the reviewer records it, then publishes.
    page.locator("tr", has_text="Wobbly knee syndrome").locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Publish")
    page.locator("button[name=index]").click()
    assert "Record who reviewed it (name and role)." in page.locator(".messagelist").inner_text()
    for action, message in (
        ("Mark as reviewed today", "Marked as reviewed: 1 item changed."),
        ("Publish", "Published: 1 item changed."),
    ):
        page.locator("tr", has_text="Wobbly knee syndrome").locator("input.action-select").check()
        page.locator("select[name=action]").select_option(label=action)
        page.locator("button[name=index]").click()
        assert message in page.locator(".messagelist").inner_text()

    assert public.goto(site + "/conditions/wobbly-knee-syndrome/").status == 200
    assert "The first overview text." in public.content()
    public.goto(site + "/search/?q=wobbly+knee")
    assert public.get_by_role("link", name="Wobbly knee syndrome").count() == 1

    page.goto(site + "/admin/conditions/condition/?q=wobbly")
    page.get_by_role("link", name="Wobbly knee syndrome").click()
    page.get_by_label("Overview:", exact=True).fill("A rewritten overview.")
    page.get_by_role("button", name="Save", exact=True).click()
    public.goto(site + "/conditions/wobbly-knee-syndrome/")
    assert "A rewritten overview." in public.content()

    page.goto(site + "/admin/conditions/condition/?q=wobbly")
    page.get_by_role("link", name="Wobbly knee syndrome").click()
    page.get_by_role("link", name="History").click()
    screenshot(page, "admin-history")
    page.locator("#change-history tr", has_text="Published.").locator("a").first.click()
    page.get_by_role("button", name="Save", exact=True).click()
    public.goto(site + "/conditions/wobbly-knee-syndrome/")
    assert "The first overview text." in public.content()
    assert "A rewritten overview." not in public.content()
    reader.close()
