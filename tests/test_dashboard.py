"""The admin's front page: "Recently changed" links each item to its page, and names items
deleted since without a link."""

import re

import pytest
import reversion
from django.apps import apps
from taggit.models import Tag

from conditions.dashboard import RECENT_MODELS
from conditions.models import Status

pytestmark = pytest.mark.django_db


def save_revision(item, user, comment):
    with reversion.create_revision():
        item.save()
        reversion.set_user(user)
        reversion.set_comment(comment)


def recently_changed(client):
    page = client.get("/admin/").content.decode()
    return page.split('<ul class="dashboard-list recent-changes">')[1].split("</ul>")[0]


def test_recently_changed_links_every_kind_of_item_to_its_page(reviewer):
    kinds = [(app, model) for app, models in RECENT_MODELS.items() for model in models]
    Tag.objects.get_or_create(name="Running", defaults={"slug": "running"})
    items = []
    for app_label, model_name in kinds:
        item = apps.get_model(app_label, model_name)._default_manager.order_by("pk").first()
        save_revision(item, reviewer.user, "Changed Name.")
        items.append((app_label, model_name, item))

    listed = recently_changed(reviewer)
    for app_label, model_name, item in items:
        assert f'<a href="/admin/{app_label}/{model_name}/{item.pk}/change/">{item}</a>' in (
            listed
        ), model_name
    assert "(deleted)" not in listed


def test_an_item_deleted_since_is_listed_without_a_link(reviewer, make_condition):
    condition = make_condition(status=Status.DRAFT, name="Gone knee", slug="gone-knee")
    save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    pk = condition.pk
    condition.delete()

    listed = recently_changed(reviewer)
    line = next(li for li in re.findall(r"<li>(.*?)</li>", listed, re.S) if "Gone knee" in li)
    assert line.startswith("Gone knee (deleted) (condition), ")
    assert line.endswith(": Saved as a draft by Ann Smith.")
    assert f"/admin/conditions/condition/{pk}/change/" not in listed
