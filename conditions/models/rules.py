"""Curated "when to get help" rules: the one place where urgency lives.

A rule belongs to a condition and says which answers make it urgent (help the same day)
or an emergency: one symptom on its own, or a combination (all of some symptoms, at least
one of others, optionally with how it started, one leg or both, what brought it on, and
what it did not follow).
The condition page lists its rules' wording under "When to get help", and the symptom
checker evaluates the same rules against a reader's answers, so the two cannot disagree.
"""

from django.core.exceptions import ValidationError
from django.db import models

from .conditions import Condition
from .content import Severity, Status, Symptom, Trigger

URGENT_STYLES = (Severity.CardStyle.URGENT, Severity.CardStyle.EMERGENCY)


class WarningRuleQuerySet(models.QuerySet):
    def published(self):
        """Rules of published conditions: the ones readers see and the checker uses."""
        return self.filter(condition__status=Status.PUBLISHED)

    def for_checking(self):
        """Published rules with everything evaluating and explaining them needs."""
        return (
            self.published()
            # The checker reads trigger_id and unless_trigger_id only: no join for them.
            .select_related("severity", "condition__severity")
            .prefetch_related("symptoms", "any_symptoms", "audiences")
        )


class WarningRule(models.Model):
    class Onset(models.TextChoices):
        SUDDEN = "sudden", "Started suddenly"
        GRADUAL = "gradual", "Came on gradually"

    class Side(models.TextChoices):
        ONE = "one", "One leg"
        BOTH = "both", "Both legs"

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="warning_rules")
    severity = models.ForeignKey(
        Severity,
        on_delete=models.PROTECT,
        related_name="warning_rules",
        verbose_name="level of care",
        help_text="Same-day help or an emergency.",
    )
    text = models.CharField(
        "what readers are told",
        max_length=200,
        help_text="A short phrase that reads well after 'Call the emergency number if you "
        "have:' and 'You told us about:', e.g. 'pain down both legs, with both legs weak "
        "or numb'. No full stop.",
    )
    symptoms = models.ManyToManyField(
        Symptom,
        blank=True,
        related_name="warning_rules",
        verbose_name="all of these symptoms",
        help_text="The reader has every one of these. One symptom alone, with nothing else "
        "below, makes that symptom a warning sign asked on the checker's first screen.",
    )
    any_symptoms = models.ManyToManyField(
        Symptom,
        blank=True,
        related_name="warning_rules_any",
        verbose_name="and at least one of these",
        help_text="Optional: the reader also has at least one of these.",
    )
    onset = models.CharField(
        "and it",
        max_length=10,
        blank=True,
        choices=Onset.choices,
        help_text="Optional. A reader who is not sure counts as matching (the cautious side).",
    )
    side = models.CharField(
        "in",
        max_length=10,
        blank=True,
        choices=Side.choices,
        help_text="Optional. A reader who is not sure counts as matching (the cautious side).",
    )
    trigger = models.ForeignKey(
        Trigger,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warning_rules",
        verbose_name="and it came",
        help_text="Optional: what brought it on.",
    )
    unless_trigger = models.ForeignKey(
        Trigger,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="unless it came",
        help_text="Optional: the rule does not apply when the reader said it came on after "
        "this, e.g. a weak leg after an injury.",
    )
    audiences = models.ManyToManyField(
        "Audience",
        blank=True,
        related_name="warning_rules",
        verbose_name="only for",
        help_text="Optional: the rule is only for these groups, e.g. children. Say so in the "
        "wording ('a child with …'). A reader who does not say who it is for counts as "
        "matching (the cautious side).",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the page's list.")

    objects = WarningRuleQuerySet.as_manager()

    class Meta:
        ordering = ["-severity__rank", "order", "id"]
        verbose_name = "when-to-get-help rule"

    def __str__(self):
        return f"{self.severity}: {self.text}"

    @property
    def is_single_sign(self):
        """One symptom and nothing else: that symptom is a warning sign on its own."""
        return (
            len(self.symptoms.all()) == 1
            and not self.any_symptoms.all()
            and not (self.onset or self.side or self.trigger_id or self.unless_trigger_id)
            and not self.audiences.all()
        )

    def matches(
        self,
        symptom_ids,
        *,
        # Not mutated: any other default for an unanswered question matches nothing
        # either (the one caller passes every answer): equivalent mutants.
        onset="",  # pragma: no mutate
        side="",  # pragma: no mutate
        trigger_ids=(),
        audience="",  # pragma: no mutate
    ):
        """Whether answers satisfy this rule.

        An onset, side or audience (who it is about: an ``Audience`` slug) the reader was
        not sure about (or did not give) counts as matching: when in doubt, the checker
        takes the more urgent line. One exception keeps "not sure" from becoming an alarm
        on its own: a rule that rests on a single symptom is not met when every onset,
        side and audience it asks for is unknown, because the answers then say no more
        than that one everyday symptom.
        """
        required = {symptom.pk for symptom in self.symptoms.all()}
        either = {symptom.pk for symptom in self.any_symptoms.all()}
        if not (required or either):
            return False
        if not required <= set(symptom_ids):
            return False
        if either and not either & set(symptom_ids):
            return False
        audiences = {group.slug for group in self.audiences.all()}
        known = {
            "onset": onset in self.Onset.values,
            "side": side in self.Side.values,
            "audiences": bool(audience),
        }
        if self.onset and known["onset"] and onset != self.onset:
            return False
        if self.side and known["side"] and side != self.side:
            return False
        if audiences and known["audiences"] and audience not in audiences:
            return False
        asked = [name for name in ("onset", "side") if getattr(self, name)]
        asked += ["audiences"] if audiences else []
        single_symptom = len(required) + (1 if either else 0) == 1
        if single_symptom and asked and not any(known[name] for name in asked):
            return False
        if self.unless_trigger_id and self.unless_trigger_id in set(trigger_ids):
            return False
        return not self.trigger_id or self.trigger_id in set(trigger_ids)

    def clean(self):
        super().clean()
        if self.severity_id and self.severity.card_style not in URGENT_STYLES:
            raise ValidationError({"severity": "A rule is for same-day help or an emergency only."})
        self.text = self.text.strip().rstrip(".")
