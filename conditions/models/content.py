"""The library's content: conditions, symptoms, body areas and care levels.

Conditions and symptoms carry an editorial status; only published items are public.
The rules for what readers may see live on the querysets (``published()``,
``visible_to(user)``) so every view, sitemap and feed applies them the same way.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ..markup import render_markdown

SUMMARY_MAX_LENGTH = 160


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Items readers may see."""
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Every status for those who may see this kind of item in the admin, else published.

        Being staff is not enough: a staff account with no permissions must not read
        drafts on public pages. The change permission counts too, because the admin lets
        anyone who may edit an item also see it. Superusers have every permission.
        """
        if user.is_authenticated and user.is_staff:
            opts = self.model._meta
            if user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
                f"{opts.app_label}.change_{opts.model_name}"
            ):
                return self
        return self.published()


def split_lines(text):
    """Turn an editor's one-per-line text field into a clean list."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class EditorialFields(models.Model):
    """Status, review dates and timestamps shared by everything editors publish."""

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    reviewer_name = models.CharField(
        max_length=200, blank=True, help_text="The person who last reviewed it, by name."
    )
    reviewer_role = models.CharField(
        max_length=100, blank=True, help_text="Their role, e.g. 'clinical editor' or 'GP'."
    )
    review_comment = models.TextField(
        blank=True,
        help_text="Why a reviewer sent this back to draft, for the editor to act on.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def review_problems(self):
        """What stops publishing: readers must see who reviewed it, and when."""
        problems = []
        if not (self.last_reviewed and self.next_review_due):
            problems.append("Record the last review and when the next is due.")
        if not (self.reviewer_name.strip() and self.reviewer_role.strip()):
            problems.append("Record who reviewed it (name and role).")
        return problems

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError(
                {"next_review_due": "The next review must be due after the last review."}
            )


class Severity(models.Model):
    """A level of care, from looking after yourself to calling an ambulance."""

    class CardStyle(models.TextChoices):
        SELF_CARE = "self-care", "Self-care (plain text, no card)"
        NON_URGENT = "non-urgent", "Non-urgent (blue card)"
        URGENT = "urgent", "Urgent (red card)"
        EMERGENCY = "emergency", "Emergency (red and dark card)"

    rank = models.PositiveSmallIntegerField(
        unique=True, help_text="Higher means more urgent. Self-care is 1, emergency is 4."
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    colour = models.CharField(
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a hex colour such as #d5281b.")],
        help_text="Accent colour of the care card, as #rrggbb.",
    )
    card_style = models.CharField(max_length=20, choices=CardStyle.choices)
    card_heading = models.CharField(
        max_length=200, help_text="The card's heading, e.g. 'Get medical help the same day'."
    )
    advice = models.TextField(help_text="What readers should do, in plain words.")

    class Meta:
        ordering = ["rank"]
        verbose_name_plural = "severities"

    def __str__(self):
        return self.name

    @property
    def is_urgent(self):
        """Urgent and emergency levels get a prominent card."""
        return self.card_style in {self.CardStyle.URGENT, self.CardStyle.EMERGENCY}

    @property
    def is_emergency(self):
        return self.card_style == self.CardStyle.EMERGENCY


class BodyArea(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in browse lists.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conditions:body_area_detail", args=[self.slug])


class Trigger(models.Model):
    """Something that brings symptoms on, asked about by the symptom checker."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(
        max_length=200, help_text="As the checker asks it, e.g. 'After exercise or an injury'."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SymptomQuerySet(PublishableQuerySet):
    def most_common(self):
        """Everyday (non-red-flag) symptoms, those that more published conditions cause first."""
        return (
            self.filter(is_red_flag=False)
            .annotate(
                published_conditions=models.Count(
                    "conditions", filter=models.Q(conditions__status=Status.PUBLISHED)
                )
            )
            .order_by("-published_conditions", "name")
        )

    def red_flags(self):
        """Red-flag symptoms, most urgent first."""
        return (
            self.filter(is_red_flag=True)
            .select_related("red_flag_severity")
            .order_by("-red_flag_severity__rank", "name")
        )


class Symptom(EditorialFields):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True,
        help_text="Everyday words readers use for this symptom, one per line "
        "(e.g. 'pins and needles' for tingling).",
    )
    description = models.TextField(help_text="One or two plain sentences.")
    body_areas = models.ManyToManyField(BodyArea, blank=True, related_name="symptoms")

    class CheckerGroup(models.TextChoices):
        RED_FLAG = "red-flag", "Warning signs"
        PAIN = "pain", "Pain and what kind"
        WEAKNESS = "weakness", "Weakness, stiffness and balance"
        SENSATION = "sensation", "Numbness, tingling or burning"
        SKIN = "skin", "Swelling, colour or temperature"
        WHOLE_BODY = "whole-body", "The rest of your body"

    checker_group = models.CharField(
        max_length=20,
        choices=CheckerGroup.choices,
        default=CheckerGroup.PAIN,
        help_text="Where the symptom checker lists this symptom.",
    )
    # Derived, never edited: a symptom is a warning sign when a published condition has a
    # "when to get help" rule naming it alone, and its level is that rule's (see
    # checker/warning_signs.py). Stored so every list of warning signs is one cheap query.
    is_red_flag = models.BooleanField(
        "warning sign",
        default=False,
        editable=False,
        help_text="Set from the conditions' 'when to get help' rules.",
    )
    red_flag_severity = models.ForeignKey(
        Severity,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="red_flag_symptoms",
        help_text="The care this warning sign demands, from the rules that name it alone.",
    )

    objects = SymptomQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("publish_symptom", "Can publish, archive and review symptoms")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conditions:symptom_detail", args=[self.slug])

    @property
    def alias_list(self):
        return split_lines(self.aliases)


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
        return f"{self.tag} on {self.content_object_id}"


class ConditionQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What a list of conditions shows: name, summary and severity."""
        return self.select_related("severity").order_by("name")

    def for_page(self):
        """Everything a condition page shows, in a fixed number of queries."""
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
            "tags",
            "references",
            Prefetch("related", queryset=published_conditions.order_by("name")),
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
        cards = []
        for style in (Severity.CardStyle.EMERGENCY, Severity.CardStyle.URGENT):
            rules = {}  # one line per wording: two rules may say the same in two ways
            for rule in self.warning_rules.all():
                if rule.severity.card_style == style:
                    rules.setdefault(rule.text.casefold(), rule)
            if rules:
                cards.append(HelpCard(style, rules=list(rules.values())))
        return cards

    @property
    def get_help_doctor_html(self):
        """The routine "see a doctor if" list, sanitised."""
        return render_markdown(self.get_help_doctor)


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


class Reference(models.Model):
    """A published source a condition page is based on."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(
        "URL", max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    date_accessed = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.title} ({self.publisher})"

    @property
    def is_web_link(self):
        """Only http(s) addresses become links, whatever reached the database."""
        return self.url.lower().startswith(("https://", "http://"))


class Synonym(models.Model):
    """Words readers use interchangeably, e.g. "thigh" and "upper leg".

    Search expands a query with every other phrase in the group; it never drops what the
    reader typed.
    """

    phrases = models.TextField(
        help_text="Two or more words or phrases that mean the same, one per line "
        "(e.g. 'thigh' and 'upper leg')."
    )
    note = models.CharField(max_length=200, blank=True, help_text="Optional, for editors.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phrases"]

    def __str__(self):
        return " = ".join(self.phrase_list)

    @property
    def phrase_list(self):
        return [phrase.lower() for phrase in split_lines(self.phrases)]

    def clean(self):
        super().clean()
        if len(set(self.phrase_list)) < 2:
            raise ValidationError({"phrases": "Give at least two different phrases."})
