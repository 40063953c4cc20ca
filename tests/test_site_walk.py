"""Walk every public page a reader can reach by following links, as a crawler would.

From the home page and the lists, every internal link is followed (the symptom checker's
and search's endless answer combinations are left to their own tests). No link may lead to
a 404 or an error, and no page may have a section that is only a heading.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from conditions.models import BodyArea, Condition, Guide, Symptom

pytestmark = pytest.mark.django_db

START = ["/", "/conditions/", "/symptoms/", "/guides/"]
# Followed only at their start page: answers and queries make endless addresses.
NOT_FOLLOWED = ("/check/", "/search/", "/admin/", "/static/", "/healthz")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class PageParser(HTMLParser):
    """Internal links, and sections that hold nothing but their heading."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.empty_sections = []
        self._sections = []  # per open <section>: [label, text outside headings, has items]
        self._in_heading = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"])
        if tag == "section":
            self._sections.append([attrs.get("aria-labelledby", "?"), "", False])
        elif tag in HEADINGS:
            self._in_heading += 1
        elif tag in {"li", "img", "form", "dd"} and self._sections:
            self._sections[-1][2] = True

    def handle_endtag(self, tag):
        if tag in HEADINGS:
            self._in_heading = max(0, self._in_heading - 1)
        elif tag == "section" and self._sections:
            label, text, has_items = self._sections.pop()
            if not text.strip() and not has_items:
                self.empty_sections.append(label)
            elif self._sections:
                self._sections[-1][1] += text
                self._sections[-1][2] |= has_items

    def handle_data(self, data):
        if self._sections and not self._in_heading:
            self._sections[-1][1] += data


def walk(client):
    """{path: (status, empty sections)} for every page reachable from START."""
    seen, queue = {}, list(START)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        parser = PageParser()
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser.feed(response.content.decode())
        seen[path] = (response.status_code, parser.empty_sections)
        for link in parser.links:
            target = urlsplit(link).path
            if target not in seen and not target.startswith(NOT_FOLLOWED):
                queue.append(target)
            elif target.startswith(("/check/", "/search/")) and target not in seen:
                seen[target] = (client.get(target).status_code, [])
    return seen


@pytest.fixture(scope="module")
def site(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        yield walk(Client())


def test_no_link_leads_to_a_missing_or_broken_page(site):
    assert {path: status for path, (status, _empty) in site.items() if status != 200} == {}


def test_no_page_has_a_section_with_only_a_heading(site):
    assert {path: empty for path, (_status, empty) in site.items() if empty} == {}


def test_the_walk_reaches_every_published_page(site):
    expected = {
        *(c.get_absolute_url() for c in Condition.objects.published()),
        *(s.get_absolute_url() for s in Symptom.objects.published()),
        *(a.get_absolute_url() for a in BodyArea.objects.all()),
        *(g.get_absolute_url() for g in Guide.objects.published()),
        *(f"/tags/{slug}/" for slug in _published_tag_slugs()),
    }
    assert expected - set(site) == set()
    assert len(expected) >= 48 + 80


def _published_tag_slugs():
    return set(
        Condition.objects.published().values_list("tags__slug", flat=True).exclude(tags=None)
    )


def test_every_body_area_lists_causes():
    empty = [
        area.name
        for area in BodyArea.objects.all()
        if not Condition.objects.published().filter(body_areas=area).exists()
    ]
    assert empty == []


def test_the_knee_and_foot_areas_list_their_causes_most_urgent_first(client):
    for slug, expected in (
        ("knee", {"osteoarthritis", "bakers-cyst", "knee-ligament-and-cartilage-injuries"}),
        ("ankle-and-foot", {"plantar-fasciitis", "gout", "diabetic-foot-problems"}),
    ):
        html = client.get(f"/body-areas/{slug}/").content.decode()
        listed = [
            part.split('/"')[0]
            for part in html.split('class="item-list__title" href="/conditions/')[1:]
        ]
        assert expected <= set(listed)
        ranks = [Condition.objects.get(slug=s).severity.rank for s in listed]
        assert ranks == sorted(ranks, reverse=True)
