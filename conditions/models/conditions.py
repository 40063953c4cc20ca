"""Conditions: what each page says, how typical each symptom is, and the sources.

A condition's urgent and emergency signs are not here but in ``rules`` (the curated
"when to get help" rules), which the page and the symptom checker both read.
"""

import dataclasses

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ..markup import render_markdown
from .content import (
    SUMMARY_MAX_LENGTH,
    BodyArea,
    EditorialFields,
    PublishableQuerySet,
    Severity,
    Status,
    Symptom,
    Trigger,
    split_lines,
)


class TaggedCondition(TaggedItemBase):
    """A condition's tag, with a real foreign key.

    taggit's default generic table joins through a cast (integer object_id against a bigint
    primary key) that PostgreSQL cannot index; a direct key makes tag filters and counts
    use the index.
    """

    content_object = models.ForeignKey(
        "Condition", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_tag_per_condition"
            )
        ]

    def __str__(self):
        # What the condition form's Tags rows read: the tag itself, not "Injury on 4".
        return str(self.tag)


class ConditionQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What a list of conditions shows: name, summary and severity."""
        return self.select_related("severity").order_by("name")

    def for_page(self):
        """Everything a condition page shows, in a fixed number of queries."""
        from .guides import Guide
        from .rules import WarningRule

        published_conditions = Condition.objects.published().select_related("severity")
        return self.select_related("severity").prefetch_related(
            Prefetch("warning_rules", queryset=WarningRule.objects.select_related("severity")),
            Prefetch(
                "symptom_links",
                queryset=ConditionSymptom.objects.filter(
                    symptom__status=Status.PUBLISHED
                ).select_related("symptom", "symptom__red_flag_severity"),
            ),
            "body_areas",
            "audiences",
            "tags",
            "references",
            Prefetch("related", queryset=published_conditions.order_by("name")),
            Prefetch("guides", queryset=Guide.objects.published()),
        )


class Condition(EditorialFields):
    class Onset(models.TextChoices):
        SUDDEN = "sudden", "Sudden"
        GRADUAL = "gradual", "Gradual"
        EITHER = "either", "Sudden or gradual"

    class Sides(models.TextChoices):
        ONE = "one", "Usually one leg"
        BOTH = "both", "Usually both legs"
        EITHER = "either", "One or both legs"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True, help_text="Other names people use, one per line (e.g. 'DVT')."
    )
    summary = models.CharField(
        max_length=SUMMARY_MAX_LENGTH,
        help_text="One plain sentence, at most 160 characters. Used in lists and as the "
        "page's description in search engines.",
    )
    severity = models.ForeignKey(
        Severity,
        on_delete=models.PROTECT,
        related_name="conditions",
        help_text="The care this condition usually needs.",
    )
    overview = models.TextField(blank=True, help_text="Markdown.")
    symptoms_text = models.TextField("symptoms", blank=True, help_text="Markdown.")
    causes = models.TextField("causes and risk factors", blank=True, help_text="Markdown.")
    self_care = models.TextField("what you can do yourself", blank=True, help_text="Markdown.")
    treatment = models.TextField(blank=True, help_text="Markdown.")
    get_help_doctor = models.TextField(
        "see a doctor if",
        blank=True,
        help_text="Markdown bullet list of signs that need a routine appointment. Signs that "
        "need help the same day or an emergency are rules, under 'When to get help' below.",
    )

    class Prevalence(models.IntegerChoices):
        COMMON = 3, "Common"
        UNCOMMON = 2, "Uncommon"
        RARE = 1, "Rare"

    prevalence = models.PositiveSmallIntegerField(
        "how common",
        choices=Prevalence.choices,
        default=Prevalence.UNCOMMON,
        help_text="How common this is among people with leg pain or weakness. The symptom "
        "checker lists common causes above rare ones that fit the answers equally well; "
        "it never changes the level of care.",
    )
    onset = models.CharField(max_length=10, choices=Onset.choices, default=Onset.EITHER)
    sides = models.CharField(max_length=10, choices=Sides.choices, default=Sides.EITHER)
    body_areas = models.ManyToManyField(BodyArea, blank=True, related_name="conditions")
    triggers = models.ManyToManyField(
        Trigger,
        blank=True,
        related_name="conditions",
        help_text="What typically brings it on (used by the symptom checker).",
    )
    symptoms = models.ManyToManyField(
        Symptom, through="ConditionSymptom", blank=True, related_name="conditions"
    )
    audiences = models.ManyToManyField(
        "Audience",
        blank=True,
        related_name="conditions",
        verbose_name="who it affects",
        help_text="Leave empty if it can affect anyone. The symptom checker lists this "
        "condition only for these groups (e.g. growing pains only for children).",
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    tags = TaggableManager(blank=True, through=TaggedCondition)

    objects = ConditionQuerySet.as_manager()

    # The page's sections in reading order: (field name, heading, schema.org health aspect).
    SECTIONS = [
        ("overview", "Overview", "OverviewHealthAspect"),
        ("symptoms_text", "Symptoms", "SymptomsHealthAspect"),
        ("causes", "Causes and risk factors", "CausesHealthAspect"),
        ("self_care", "What you can do yourself", "SelfCareHealthAspect"),
        ("treatment", "Treatment", "TreatmentsHealthAspect"),
    ]

    # Every Markdown field, for loading, export and checks that read all the prose.
    PROSE_FIELDS = tuple(field for field, _heading, _aspect in SECTIONS) + ("get_help_doctor",)

    class Meta:
        ordering = ["name"]
        permissions = [("publish_condition", "Can publish, archive and review conditions")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conditions:condition_detail", args=[self.slug])

    @property
    def alias_list(self):
        return split_lines(self.aliases)

    @cached_property
    def rendered_sections(self):
        """The page sections as (slug, heading, sanitised HTML), skipping empty ones."""
        return [
            (field.replace("_", "-"), heading, render_markdown(getattr(self, field)))
            for field, heading, _aspect in self.SECTIONS
            if getattr(self, field).strip()
        ]

    @cached_property
    def urgent_help_cards(self):
        """The emergency and same-day signs, most urgent first: ``HelpCard`` items.

        They are the condition's curated warning rules, the same rules the symptom checker
        evaluates, so the page and the checker cannot disagree. The page shows them first,
        under "Is it an emergency?".
        """
        return help_cards(self.warning_rules.all())

    @property
    def get_help_doctor_html(self):
        """The routine "see a doctor if" list, sanitised."""
        return render_markdown(self.get_help_doctor)


def help_cards(rules):
    """``rules`` as ``HelpCard`` items: emergency first, then same day, one line per wording
    (two rules may say the same thing, e.g. on two conditions)."""
    cards = []
    for style in (Severity.CardStyle.EMERGENCY, Severity.CardStyle.URGENT):
        by_text = {}
        for rule in rules:
            if rule.severity.card_style == style:
                by_text.setdefault(rule.text.casefold(), rule)
        if by_text:
            cards.append(HelpCard(style, rules=list(by_text.values())))
    return cards


@dataclasses.dataclass(frozen=True)
class HelpCard:
    """The signs that need one level of care (emergency or same day): the curated rules."""

    style: str
    rules: list = dataclasses.field(default_factory=list)


class ConditionSymptom(models.Model):
    """How typical a symptom is of a condition."""

    class Typicality(models.IntegerChoices):
        COMMON = 3, "Common"
        SOMETIMES = 2, "Sometimes"
        RARE = 1, "Rare"

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="symptom_links")
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="condition_links")
    typicality = models.PositiveSmallIntegerField(
        choices=Typicality.choices, default=Typicality.COMMON
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Optional, e.g. 'usually one leg only'."
    )

    class Meta:
        ordering = ["-typicality", "symptom__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "symptom"], name="unique_symptom_per_condition"
            )
        ]
        verbose_name = "symptom link"

    def __str__(self):
        return f"{self.symptom} ({self.get_typicality_display().lower()}) in {self.condition}"


class SourceFields(models.Model):
    """A published source a page is based on: title, publisher and web address."""

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(
        "URL", max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    date_accessed = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.title} ({self.publisher})"

    @property
    def is_web_link(self):
        """Only http(s) addresses become links, whatever reached the database."""
        return self.url.lower().startswith(("https://", "http://"))


class Reference(SourceFields):
    """A published source a condition page is based on."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="references")

    class Meta:
        ordering = ["order", "id"]
