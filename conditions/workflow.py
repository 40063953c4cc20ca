"""The editorial workflow: who may do what to a condition or symptom, and when it is ready.

Draft → in review (editors and reviewers) → published (reviewers only, through the publish
page in ``publishing.py``, which records the review); reviewers can also send an item back
to draft with a comment, archive it and record a review. Published items are archived,
never deleted. Every rule here is enforced on the server: the admin's forms, its bulk
actions and its permission checks all call these functions.
"""

from dataclasses import dataclass, field

import reversion
from django.db.models import Q
from django.utils import timezone

from .models import Condition, Guide, Status, Symptom, WarningRule
from .reviews import next_review_due

EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Medical reviewers"

# Statuses an item must be ready for (enough symptoms, references ...) to enter.
STATUSES_NEEDING_READINESS = {Status.IN_REVIEW, Status.PUBLISHED}
REVIEW_DUE_SOON_DAYS = 30
# What a review recorded with "Mark as reviewed" says about the reviewer.
REVIEWER_ROLE = "medical reviewer"


def can_publish(user, model):
    """Whether ``user`` may publish, archive, send back and review items of ``model``."""
    return user.has_perm(f"conditions.publish_{model._meta.model_name}")


def condition_problems(condition, *, symptom_count, reference_count, body_area_count, rule_count):
    """What stops a condition from going to review or being published (empty: ready)."""
    problems = []
    if symptom_count < 3:
        problems.append("Link at least three symptoms.")
    if body_area_count < 1:
        problems.append("Choose at least one body area.")
    if reference_count < 2:
        problems.append("Add at least two references.")
    if condition.severity_id and condition.severity.is_urgent and rule_count < 1:
        problems.append(
            "Urgent and emergency conditions need at least one 'when to get help' rule."
        )
    return problems


def guide_problems(guide):
    """What stops a guide from going to review or being published (empty: ready)."""
    problems = []
    if not guide.overview.strip():
        problems.append("Write the overview.")
    if guide.conditions.count() < 1:
        problems.append("Choose the conditions it covers: their warning signs head the guide.")
    if guide.references.count() < 2:
        problems.append("Add at least two references.")
    return problems


def symptom_problems(symptom):
    problems = []
    if not symptom.description.strip():
        problems.append("Write a description.")
    return problems


def is_single_sign(rule_values):
    """Whether a rule's form values name one symptom and nothing else (a warning sign)."""
    return (
        len(rule_values.get("symptoms", [])) == 1
        and not rule_values.get("any_symptoms")
        and not any(
            rule_values.get(name)
            for name in ("onset", "side", "trigger", "unless_trigger", "audiences")
        )
    )


def single_sign_clash(symptom, severity, condition):
    """Why ``symptom`` cannot be a warning sign at ``severity`` (None when it can).

    A warning sign has one level everywhere: readers must never read "call now" on one
    page and "get help today" on another for the same sign.
    """
    for rule in (
        WarningRule.objects.published()
        .exclude(condition=condition)
        .filter(symptoms=symptom)
        .select_related("severity", "condition")
        .prefetch_related("symptoms", "any_symptoms")
    ):
        if rule.is_single_sign and rule.severity_id != severity.pk:
            return (
                f"“{symptom}” is already a warning sign at “{rule.severity}” on "
                f"{rule.condition}. A warning sign has one level everywhere."
            )
    return None


def symptom_in_use(symptom):
    """Published conditions whose rules need ``symptom`` to stay published."""
    rules = WarningRule.objects.published().filter(Q(symptoms=symptom) | Q(any_symptoms=symptom))
    return sorted(set(rules.values_list("condition__name", flat=True)))


def needed_by_rules(item):
    """Why a symptom must stay published: live rules would silently stop working."""
    if isinstance(item, Symptom) and item.pk:
        users = symptom_in_use(item)
        if users:
            return (
                "the 'when to get help' rules of these published conditions use it: "
                f"{', '.join(users)}. Change those rules first."
            )
    return None


def readiness_problems(item):
    """Problems of a saved item, counted from the database."""
    if isinstance(item, Condition):
        return condition_problems(
            item,
            symptom_count=item.symptom_links.count(),
            reference_count=item.references.count(),
            body_area_count=item.body_areas.count(),
            rule_count=item.warning_rules.count(),
        )
    if isinstance(item, Guide):
        return guide_problems(item)
    return symptom_problems(item)


@dataclass
class ActionReport:
    """What a bulk action changed and what it skipped, with the reason for each."""

    verb: str
    changed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (item, reason)

    def summary(self):
        count = len(self.changed)
        noun = "item" if count == 1 else "items"
        return f"{self.verb}: {count} {noun} changed."

    def skip_messages(self):
        return [f"Skipped “{item}”: {reason}" for item, reason in self.skipped]


def _save(item, user, comment):
    with reversion.create_revision():
        item.save()
        reversion.set_user(user)
        reversion.set_comment(comment)


def _run(items, verb, user, step, comment=""):
    """Apply ``step`` to each item; save the ones it accepts, with a sentence for history."""
    report = ActionReport(verb)
    name = user.get_full_name() or user.get_username()
    sentence = f"{verb} by {name}" + (f": {comment}" if comment else ".")
    for item in items:
        reason = step(item)
        if reason:
            report.skipped.append((item, reason))
        else:
            _save(item, user, sentence)
            report.changed.append(item)
    return report


def _need_publisher(user, item):
    if not can_publish(user, type(item)):
        return "only medical reviewers can do this."
    return None


def submit_for_review(items, user):
    """Draft → in review, for items that are ready."""

    def step(item):
        if item.status != Status.DRAFT:
            return f"it is {item.get_status_display().lower()}, not a draft."
        problems = readiness_problems(item)
        if problems:
            return " ".join(problems)
        item.status = Status.IN_REVIEW
        return None

    return _run(items, "Submitted for review", user, step)


def return_to_draft(items, user, comment=""):
    """In review or published → draft, with the reviewer's comment for the editor."""

    def step(item):
        if reason := _need_publisher(user, item):
            return reason
        if item.status == Status.DRAFT:
            return "it is already a draft."
        if reason := needed_by_rules(item):
            return reason
        item.status = Status.DRAFT
        item.review_comment = comment
        return None

    return _run(items, "Returned to draft", user, step, comment)


def archive(items, user):
    """Anything → archived: hidden from readers, kept with its history."""

    def step(item):
        if reason := _need_publisher(user, item):
            return reason
        if item.status == Status.ARCHIVED:
            return "it is already archived."
        if reason := needed_by_rules(item):
            return reason
        item.status = Status.ARCHIVED
        return None

    return _run(items, "Archived", user, step)


def mark_reviewed(items, user, today=None):
    """Record a full review: today, by this reviewer, next one after the set interval."""
    today = today or timezone.localdate()

    def step(item):
        if reason := _need_publisher(user, item):
            return reason
        item.last_reviewed = today
        item.next_review_due = next_review_due(today)
        item.reviewer_name = user.get_full_name() or user.get_username()
        item.reviewer_role = REVIEWER_ROLE
        return None

    return _run(items, "Marked as reviewed", user, step)
