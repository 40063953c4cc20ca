"""The library's building blocks: editorial status, care levels, body areas, triggers,
symptoms and synonyms (conditions themselves are in ``conditions``).

Conditions, symptoms and guides carry an editorial status; only published items are public.
The rules for what readers may see live on the querysets (``published()``,
``visible_to(user)``) so every view, sitemap and feed applies them the same way.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

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
    expire_at = models.DateTimeField(
        "take off the site at",
        null=True,
        blank=True,
        help_text="Set by a reviewer when publishing: the page is archived at this time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Deleting a (draft) item deletes its pending changes too.
    pending_changes = GenericRelation("conditions.PendingChange")

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
