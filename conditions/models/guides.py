"""Guides: pages for a group of readers (children, pregnancy) that editors keep like the
rest, e.g. "Leg pain in children: when to worry".

A guide's warning signs are not written on the guide. They are the curated "when to get
help" rules of the conditions it covers, and the rules for its groups, so the guide, the
condition pages and the symptom checker always say the same thing.
"""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.functional import cached_property

from ..markup import render_markdown
from .conditions import Condition, SourceFields, help_cards
from .content import SUMMARY_MAX_LENGTH, EditorialFields, PublishableQuerySet


class GuideQuerySet(PublishableQuerySet):
    def for_page(self):
        return self.prefetch_related(
            "audiences",
            "references",
            Prefetch(
                "conditions",
                queryset=Condition.objects.published().select_related("severity").order_by("name"),
            ),
        )


class Guide(EditorialFields):
    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=SUMMARY_MAX_LENGTH, help_text="One plain sentence, at most 160 characters."
    )
    audiences = models.ManyToManyField(
        "Audience",
        blank=True,
        related_name="guides",
        verbose_name="for",
        help_text="Who the guide is for. Rules only for these groups are listed as its "
        "warning signs, and the symptom checker links the guide for them.",
    )
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="guides",
        help_text="The conditions it covers. Their 'when to get help' rules are listed first "
        "on the guide, and their pages link to it.",
    )
    overview = models.TextField(help_text="Markdown.")
    causes = models.TextField("common causes", blank=True, help_text="Markdown.")
    self_care = models.TextField("what you can do", blank=True, help_text="Markdown.")
    get_help_doctor = models.TextField(
        "see a doctor if",
        blank=True,
        help_text="Markdown bullet list of signs that need a routine appointment. Same-day "
        "and emergency signs come from the covered conditions' rules.",
    )

    objects = GuideQuerySet.as_manager()

    SECTIONS = [
        ("overview", "Overview"),
        ("causes", "Common causes"),
        ("self_care", "What you can do"),
    ]
    PROSE_FIELDS = ("overview", "causes", "self_care", "get_help_doctor")

    class Meta:
        ordering = ["title"]
        permissions = [("publish_guide", "Can publish, archive and review guides")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conditions:guide_detail", args=[self.slug])

    @cached_property
    def rendered_sections(self):
        return [
            (field.replace("_", "-"), heading, render_markdown(getattr(self, field)))
            for field, heading in self.SECTIONS
            if getattr(self, field).strip()
        ]

    @property
    def get_help_doctor_html(self):
        return render_markdown(self.get_help_doctor)

    def warning_rules(self):
        """Published rules that apply to this guide's readers, most urgent first.

        The covered conditions' rules for anyone or for one of the guide's groups, and any
        published condition's rule written only for the guide's groups.
        """
        from .rules import WarningRule

        groups = [audience.pk for audience in self.audiences.all()]
        conditions = [condition.pk for condition in self.conditions.all()]
        return (
            WarningRule.objects.published()
            .filter(Q(condition__in=conditions, audiences__isnull=True) | Q(audiences__in=groups))
            .select_related("severity", "condition")
            .distinct()
            .order_by("-severity__rank", "condition__name", "order", "pk")
        )

    @cached_property
    def urgent_help_cards(self):
        """The guide's warning signs as ``HelpCard`` items, emergency first, one per wording."""
        return help_cards(list(self.warning_rules()))


class GuideReference(SourceFields):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="references")

    class Meta:
        ordering = ["order", "id"]
