"""The checker's questions, one per page, in the order NHS 111 and GOV.UK would ask them.

Each step names the answers it asks for, whether it has been answered, and the message
shown (in an error summary linked to the field) when the reader goes on without an
answer it needs.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Step:
    slug: str
    url_name: str
    question: str
    fields: tuple  # the query parameters this page asks for
    error: str  # shown when the reader goes on without answering

    def url(self):
        return reverse(f"conditions:{self.url_name}")

    def is_answered(self, answers):
        return ANSWERED[self.slug](answers)


ANSWERED = {
    "signs": lambda a: bool(a.warning_signs) or a.no_warning_signs,
    "who": lambda a: bool(a.audience) or a.audience_not_said,
    "where": lambda a: bool(a.areas) or a.area_not_sure,
    "legs": lambda a: bool(a.side),
    "feel": lambda a: bool(a.other_symptoms),
    "start": lambda a: bool(a.onset),
    "when": lambda a: bool(a.triggers) or a.no_triggers,
}

STEPS = [
    Step(
        "signs",
        "symptom_checker",
        "Do you have any of these warning signs?",
        ("symptom", "signs"),
        "Select the warning signs you have, or select ‘No, none of these’",
    ),
    Step(
        "who",
        "checker_who",
        "Who is this about?",
        ("who",),
        "Select who this is about, or select ‘I would rather not say’",
    ),
    Step(
        "where",
        "checker_where",
        "Where do you feel it?",
        ("area",),
        "Select where you feel it, or select ‘Not sure’",
    ),
    Step(
        "legs",
        "checker_legs",
        "Is it in one leg or both legs?",
        ("side",),
        "Select one leg, both legs or ‘Not sure’",
    ),
    Step(
        "feel",
        "checker_feel",
        "What do you feel?",
        ("symptom",),
        "Select at least one thing you feel",
    ),
    Step(
        "start",
        "checker_onset",
        "How did it start?",
        ("onset",),
        "Select how it started, or select ‘Not sure’",
    ),
    Step(
        "when",
        "checker_when",
        "Does anything bring it on?",
        ("trigger",),
        "Select what brings it on, or select ‘None of these’",
    ),
]
BY_SLUG = {step.slug: step for step in STEPS}
# Answers the result cannot do without (who, where and what brings it on refine the order
# and the rules for children or pregnancy; a reader may leave them out).
NEEDED_FOR_RESULT = ("feel", "legs", "start")


def position(step):
    return STEPS.index(step) + 1


def next_step(step):
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(step):
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def first_missing(answers):
    """The first step the result still needs, or None when it can be shown."""
    for step in STEPS:
        if step.slug in NEEDED_FOR_RESULT and not step.is_answered(answers):
            return step
    return None


def can_show_result(answers):
    """A warning sign goes straight to the outcome; otherwise the needed answers must be in.

    Links shared before the checker had steps (symptoms, side and onset on ``/check/``)
    keep showing their outcome.
    """
    return bool(answers.warning_signs) or first_missing(answers) is None
