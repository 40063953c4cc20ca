"""Changing a live page in a real browser: the editor's change waits for review while
readers keep the published text; the reviewer checks the differences and publishes; history
reads in words and a revert goes through the same review; a scheduled change goes live once.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from conditions.models import Condition, PendingChange
from tests.browser.editors import log_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_SUMMARY = "Pain that runs from the lower back down one leg, often to the foot."


def stage_summary(page, site, text):
    sciatica = Condition.objects.get(slug="sciatica")
    page.goto(f"{site}/admin/conditions/condition/{sciatica.pk}/change/")
    assert "This page is live." in page.locator(".pending-banner").inner_text()
    page.locator("#id_summary").fill(text)
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/admin/conditions/condition/")
    return page.locator(".messagelist").inner_text()


def test_a_live_page_changes_only_when_a_reviewer_publishes(page, people, browser, screenshot):
    site = people
    reader = browser.new_context().new_page()
    old_summary = Condition.objects.get(slug="sciatica").summary

    log_in(page, site, "edna")
    message = stage_summary(page, site, NEW_SUMMARY)
    sciatica = Condition.objects.get(slug="sciatica")
    page.goto(f"{site}/admin/conditions/condition/{sciatica.pk}/change/")
    assert (
        "This form shows the pending change (in review)"
        in page.locator(".pending-banner").inner_text()
    )
    screenshot(page, "admin-change-form-pending")
    assert "Sent your change to “Sciatica” to Medical reviewers for review." in message
    reader.goto(site + "/conditions/sciatica/")
    assert old_summary in reader.content() and NEW_SUMMARY not in reader.content()

    log_in(page, site, "rex")
    screenshot(page, "admin-dashboard")
    pending = page.locator(".pending-changes")
    assert "Sciatica (condition): in review, saved by edna" in pending.inner_text()
    pending.get_by_role("link", name="Check and publish").click()
    assert page.locator(".changes dt").first.inner_text() == "Summary"
    assert "".join(page.locator(".changes dd").first.locator("ins").all_inner_texts()).strip()
    assert page.get_by_label("Reviewed by (name)").input_value() == "Rex Example"
    screenshot(page, "admin-publish-confirmation")
    page.set_viewport_size({"width": 390, "height": 844})  # a reviewer on a phone
    screenshot(page, "admin-publish-confirmation-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Publish 1 item (or schedule)").click()
    assert "Published “Sciatica”. Readers see it now." in page.locator(".messagelist").inner_text()
    reader.goto(site + "/conditions/sciatica/")
    assert NEW_SUMMARY in reader.content()

    sciatica = Condition.objects.get(slug="sciatica")
    page.goto(f"{site}/admin/conditions/condition/{sciatica.pk}/history/")
    history = page.locator("#content").inner_text()
    assert "Published by Rex Example." in history
    screenshot(page, "admin-history")
    # Revert to the shipped text: it is staged and goes live on publishing, like any change.
    first = Version.objects.get_for_object(sciatica).order_by("revision__date_created").first()
    page.goto(f"{site}/admin/conditions/condition/{sciatica.pk}/history/{first.pk}/")
    page.get_by_role("button", name="Publish…").click()
    page.wait_for_url("**/publish/?ids=*")
    reader.goto(site + "/conditions/sciatica/")
    assert NEW_SUMMARY in reader.content()  # not yet
    page.get_by_role("button", name="Publish 1 item (or schedule)").click()
    reader.goto(site + "/conditions/sciatica/")
    assert old_summary in reader.content() and NEW_SUMMARY not in reader.content()


def test_a_scheduled_change_goes_live_once(page, people, browser, screenshot):
    site = people
    reader = browser.new_context().new_page()
    log_in(page, site, "edna")
    stage_summary(page, site, NEW_SUMMARY)

    log_in(page, site, "rex")
    sciatica = Condition.objects.get(slug="sciatica")
    page.goto(f"{site}/admin/conditions/condition/publish/?ids={sciatica.pk}")
    soon = timezone.localtime() + datetime.timedelta(hours=2)
    page.get_by_label("Go live at (leave empty to publish now)").fill(
        soon.strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Publish 1 item (or schedule)").click()
    assert "Scheduled “Sciatica” to go live at" in page.locator(".messagelist").inner_text()
    reader.goto(site + "/conditions/sciatica/")
    assert NEW_SUMMARY not in reader.content()

    PendingChange.objects.filter(object_id=sciatica.pk).update(
        go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled")
    call_command("publish_scheduled")
    reader.goto(site + "/conditions/sciatica/")
    assert NEW_SUMMARY in reader.content()
    comments = [v.revision.comment for v in Version.objects.get_for_object(sciatica)]
    assert comments.count("Published as scheduled; approved by Rex Example.") == 1
