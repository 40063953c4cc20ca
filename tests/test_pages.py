"""What readers see: every public page, what is hidden from them, and the page furniture."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from conditions.models import Condition, Status, Symptom

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/conditions/",
    "/conditions/sciatica/",
    "/conditions/deep-vein-thrombosis/",
    "/symptoms/",
    "/symptoms/tingling/",
    "/symptoms/cold-pale-leg/",
    "/body-areas/lower-back/",
    "/tags/nerves/",
    "/search/?q=burning+feet",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_load(client, path):
    assert client.get(path).status_code == 200


def test_every_published_item_has_a_working_page(client):
    for item in [*Condition.objects.published(), *Symptom.objects.published()]:
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200, item
        assert item.name in response.content.decode()


def test_home_page_offers_search_browse_and_help(client):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
    assert "/body-areas/upper-leg-thigh/" in html
    assert "Get help now" in html
    for symptom in Symptom.objects.published().red_flags():
        assert symptom.get_absolute_url() in html


def test_a_to_z_lists_conditions_and_their_other_names(client):
    html = client.get("/conditions/").content.decode()
    assert 'href="#letter-s"' in html
    assert '<a href="/conditions/sciatica/">Sciatica</a>' in html
    # "DVT" is an alias of deep vein thrombosis and is listed under D, pointing to the page.
    assert re.search(r"DVT: see <a href=\"/conditions/deep-vein-thrombosis/\">", html)


def test_condition_page_shows_everything_in_order(client):
    response = client.get("/conditions/deep-vein-thrombosis/")
    html = response.content.decode()
    markers = [
        "<h1>Deep vein thrombosis (DVT)</h1>",
        "Also called:",
        'id="is-it-an-emergency"',
        'id="help-emergency"',
        'id="help-urgent"',
        'class="care-card care-card--urgent"',
        'id="overview"',
        'id="symptoms-text"',
        'id="causes"',
        'id="self-care"',
        'id="treatment"',
        'id="linked-symptoms"',
        "<dt>Body areas</dt>",
        "<dt>Topics</dt>",
        'id="related-conditions"',
        'id="references"',
        "Page last reviewed",
        "Next review due",
        "This is not a diagnosis",
    ]
    positions = [html.find(marker) for marker in markers]
    assert -1 not in positions, [m for m, p in zip(markers, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert 'href="https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/"' in html


def test_a_self_care_page_puts_its_emergency_signs_first_and_routine_advice_later(client):
    html = client.get("/conditions/sciatica/").content.decode()
    box = html.split('id="is-it-an-emergency"')[1].split("</aside>")[0]
    assert "<li>pain going down both legs (sciatica in both legs)</li>" in box
    order = [
        html.find(marker)
        for marker in ('id="is-it-an-emergency"', 'id="overview"', 'id="when-to-get-help"')
    ]
    assert -1 not in order and order == sorted(order)
    assert "See a doctor if:" in html.split('id="when-to-get-help"')[1]


def test_a_page_with_no_urgent_signs_says_so_in_its_box(client):
    html = client.get("/conditions/restless-legs-syndrome/").content.decode()
    box = html.split('id="is-it-an-emergency"')[1].split("</aside>")[0]
    assert "Not usually. But get help fast if you have any" in box
    assert 'href="/symptoms/#warning-signs">warning sign</a>' in box


def test_emergency_condition_page_tells_readers_to_call(client, settings):
    settings.EMERGENCY_NUMBER = "999"
    html = client.get("/conditions/stroke/").content.decode()
    assert "care-card--emergency" in html
    assert "Immediate action required:" in html
    assert (
        '<a class="call-link" href="tel:999">Call 999</a> or go to the nearest emergency '
        "department now." in html
    )


def test_condition_page_has_canonical_url_and_valid_json_ld(client):
    html = client.get("/conditions/sciatica/").content.decode()
    assert '<link rel="canonical" href="http://testserver/conditions/sciatica/">' in html
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["@type"] == "MedicalCondition"
    assert data["about"]["name"] == "Sciatica"
    assert data["lastReviewed"] == Condition.objects.get(slug="sciatica").last_reviewed.isoformat()
    assert data["citation"] and data["about"]["signOrSymptom"]


def test_meta_description_is_the_summary(client):
    condition = Condition.objects.get(slug="sciatica")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert f'<meta name="description" content="{condition.summary}">' in html.replace("&#x27;", "'")


def test_symptom_page_groups_causes_most_serious_first(client):
    response = client.get("/symptoms/numbness/")
    groups = response.context["causes_by_severity"]
    ranks = [group.severity.rank for group in groups]
    assert ranks == sorted(ranks, reverse=True) and len(ranks) > 1
    html = response.content.decode()
    headings = [html.find(f'id="group-{group.severity.slug}"') for group in groups]
    assert headings == sorted(headings)


def test_red_flag_symptom_page_shows_its_care_card(client):
    html = client.get("/symptoms/cold-pale-leg/").content.decode()
    assert "care-card--emergency" in html
    assert "/conditions/acute-limb-ischaemia/" in html


def test_body_area_and_tag_pages_list_published_conditions(client):
    html = client.get("/body-areas/lower-back/").content.decode()
    assert "/conditions/sciatica/" in html
    html = client.get("/tags/nerves/").content.decode()
    assert "/conditions/peripheral-neuropathy/" in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_unpublished_content_is_hidden_from_readers(client, status):
    condition = Condition.objects.get(slug="sciatica")
    symptom = Symptom.objects.get(slug="tingling")
    Condition.objects.filter(pk=condition.pk).update(status=status)
    Symptom.objects.filter(pk=symptom.pk).update(status=status)

    assert client.get(condition.get_absolute_url()).status_code == 404
    assert client.get(symptom.get_absolute_url()).status_code == 404
    pages = ["/", "/conditions/", "/symptoms/", "/body-areas/lower-back/", "/sitemap.xml"]
    pages += ["/conditions/slipped-disc/", "/symptoms/numbness/", "/search/?q=sciatica"]
    pages += ["/conditions/peripheral-neuropathy/", "/search/?q=tingling"]
    for path in pages:
        html = client.get(path).content.decode()
        for item in (condition, symptom):
            assert f'href="{item.get_absolute_url()}"' not in html, path
            assert f"testserver{item.get_absolute_url()}" not in html, path


def test_a_tag_with_only_unpublished_conditions_is_not_found(client, make_condition):
    make_condition(status=Status.DRAFT).tags.add("Secret topic")
    assert client.get("/tags/secret-topic/").status_code == 404
    assert "secret-topic" not in client.get("/sitemap.xml").content.decode()


def test_staff_can_preview_unpublished_content(staff_client):
    Condition.objects.filter(slug="sciatica").update(status=Status.DRAFT)
    response = staff_client.get("/conditions/sciatica/")
    assert response.status_code == 200
    assert "Not published." in response.content.decode()
    Condition.objects.filter(slug="stroke").update(status=Status.IN_REVIEW)
    response = staff_client.get("/conditions/stroke/")
    assert "Status: In review." in response.content.decode()


@pytest.fixture
def staff_without_permissions(django_user_model):
    """Logged in as staff in no group and with no permissions (its own client)."""
    user = django_user_model.objects.create_user("bare-staff", password="pw", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_staff_without_permissions_cannot_see_drafts(staff_without_permissions):
    client = staff_without_permissions
    condition = Condition.objects.get(slug="sciatica")
    symptom = Symptom.objects.get(slug="tingling")
    Condition.objects.filter(pk=condition.pk).update(status=Status.DRAFT)
    Symptom.objects.filter(pk=symptom.pk).update(status=Status.DRAFT)

    assert client.get(condition.get_absolute_url()).status_code == 404
    assert client.get(symptom.get_absolute_url()).status_code == 404
    pages = ["/conditions/", "/symptoms/", "/body-areas/lower-back/", "/check/"]
    pages += ["/search/?q=sciatica", "/search/?q=tingling"]
    for path in pages:
        html = client.get(path).content.decode()
        for item in (condition, symptom):
            assert f'href="{item.get_absolute_url()}"' not in html, path


def test_editor_previews_drafts_that_permissionless_staff_cannot(
    staff_without_permissions, staff_client
):
    Condition.objects.filter(slug="sciatica").update(status=Status.DRAFT)
    Symptom.objects.filter(slug="tingling").update(status=Status.DRAFT)
    for path in ["/conditions/sciatica/", "/symptoms/tingling/"]:
        assert staff_without_permissions.get(path).status_code == 404, path
        response = staff_client.get(path)  # an editor: staff in the Editors group
        assert response.status_code == 200, path
        assert "Not published." in response.content.decode(), path


def test_published_pages_have_no_preview_banner(staff_client):
    assert "Not published." not in staff_client.get("/conditions/stroke/").content.decode()


def test_sitemap_lists_published_pages_only(client):
    Condition.objects.filter(slug="stroke").update(status=Status.IN_REVIEW)
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/conditions/sciatica/" in xml
    assert "http://testserver/symptoms/tingling/" in xml
    assert "http://testserver/tags/nerves/" in xml
    assert "<lastmod>" in xml
    assert "/conditions/stroke/" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_missing_page_is_friendly(client):
    response = client.get("/conditions/no-such-condition/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'action="/search/"' in html


def test_server_error_page_is_friendly(client, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("conditions.views.HomeView.get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_urls_are_stable():
    assert reverse("conditions:condition_detail", args=["sciatica"]) == "/conditions/sciatica/"
    assert reverse("conditions:symptom_detail", args=["tingling"]) == "/symptoms/tingling/"
    assert reverse("conditions:body_area_detail", args=["knee"]) == "/body-areas/knee/"
    assert reverse("conditions:tag_detail", args=["nerves"]) == "/tags/nerves/"


def test_symptom_page_leads_with_related_warning_signs(client):
    html = client.get("/symptoms/numbness/").content.decode()
    warning = html.find('id="warning-signs"')
    causes = html.find('id="possible-causes"')
    assert -1 < warning < causes
    assert 'href="/symptoms/saddle-numbness/"' in html[warning:causes]


def test_body_area_lists_causes_most_urgent_first_with_warning_signs(client):
    html = client.get("/body-areas/lower-leg-calf/").content.decode()
    box = html.split('id="warning-signs"')[1].split("</section>")[0]
    assert "Painful swelling in one leg" in box
    causes = html.split('id="area-conditions"')[1]
    ranks = [
        {"emergency": 4, "urgent": 3, "non-urgent": 2, "self-care": 1}[level]
        for level in re.findall(r'class="badge badge--([a-z-]+)"', causes.split("</ul>")[0])
    ]
    assert len(ranks) >= 4 and ranks == sorted(ranks, reverse=True)


def test_an_empty_body_area_points_readers_onwards(client):
    from conditions.models import BodyArea

    area = BodyArea.objects.create(name="Toes only", slug="toes-only", order=9)
    html = client.get(area.get_absolute_url()).content.decode()
    assert "We are still writing about the causes of pain in this area." in html
    assert 'href="/check/">symptom checker</a>' in html


@pytest.mark.parametrize(
    ("slug", "levels", "overall"),
    [
        # both levels of rules, and an urgent overall card: three cards, in this order
        ("deep-vein-thrombosis", ["emergency", "urgent"], "care-card care-card--urgent"),
        # emergency rules only on an emergency page: one rule card, one overall card
        ("broken-leg", ["emergency"], "care-card care-card--emergency"),
        # no rules: no rule card, "Not usually", and the overall card
        ("fibromyalgia", [], "care-card care-card--non-urgent"),
        # self-care: the plain note, not a card
        ("sciatica", ["emergency"], "self-care-note"),
    ],
)
def test_a_condition_page_shows_one_card_per_level_of_its_rules_and_one_overall(
    client, slug, levels, overall
):
    html = client.get(f"/conditions/{slug}/").content.decode()
    shown = re.findall(r'class="emergency-box__level emergency-box__level--([\w-]+)"', html)
    assert shown == levels  # emergency first, each level once
    assert html.count('id="care-level"') == 1
    assert re.search(rf'<section class="{overall}" aria-labelledby="care-level">', html)
    assert ("Not usually. But get help fast" in html) == (not levels)
