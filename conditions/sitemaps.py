"""Sitemaps list published content only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from .models import BodyArea, Condition, Guide, Status, Symptom


class ConditionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Condition.objects.published().order_by("slug")

    def lastmod(self, condition):
        return condition.updated_at


class SymptomSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Symptom.objects.published().order_by("slug")

    def lastmod(self, symptom):
        return symptom.updated_at


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Guide.objects.published().order_by("slug")

    def lastmod(self, guide):
        return guide.updated_at


class BodyAreaSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return BodyArea.objects.order_by("slug")


class TagSitemap(Sitemap):
    priority = 0.3

    def items(self):
        return (
            Tag.objects.filter(
                conditions_taggedcondition_items__content_object__status=Status.PUBLISHED
            )
            .distinct()
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("conditions:tag_detail", args=[tag.slug])


class PageSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return [
            "conditions:home",
            "conditions:condition_list",
            "conditions:symptom_list",
            "conditions:guide_list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "conditions": ConditionSitemap,
    "symptoms": SymptomSitemap,
    "guides": GuideSitemap,
    "body-areas": BodyAreaSitemap,
    "tags": TagSitemap,
}
