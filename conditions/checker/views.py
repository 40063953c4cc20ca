"""The checker's pages: one question a page, then one outcome.

Every page is a GET form that carries the earlier answers, so each step and each result
has a shareable address and works without JavaScript. A step's form comes back to its own
address with ``go``: answered, the reader moves on (straight to the outcome when a
warning sign is ticked); not answered, the page shows an error summary.
"""

from dataclasses import dataclass
from itertools import groupby

from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from .. import care_numbers
from ..models import Audience, BodyArea, Guide, Symptom, Trigger
from . import steps
from .answers import NONE, NOT_SURE, ONSETS, SIDES, read_answers
from .outcome import assess, settled_by_signs


def _with_query(url, answers, extra=""):
    query = "&".join(part for part in (answers.query_string(), extra) if part)
    return f"{url}?{query}" if query else url


def result_url(answers):
    return _with_query(reverse("conditions:checker_result"), answers)


def is_old_result_link(params):
    """A link from before the checker had steps: no step answered "none", no step sent."""
    return not ({"go", "edit", "signs"} & set(params))


def outcome_heading(level):
    """The outcome in a few words: the page's <h1> and <title>."""
    if level.is_emergency:
        return f"Call {care_numbers.emergency().label} now"
    return level.card_heading


class StepView(TemplateView):
    """One question. ``step`` is set per URL (see urls.py)."""

    template_name = "checker/step.html"
    step = None
    # Never in the page cache: answers are personal and their combinations endless.
    cache_query_params = None

    def get(self, request, *args, **kwargs):
        self.answers = read_answers(request.GET)
        is_first = self.step is steps.STEPS[0]
        self.settled = settled_by_signs(self.answers)
        if self.settled and not is_first:
            return redirect(result_url(self.answers))
        if is_first and is_old_result_link(request.GET) and steps.can_show_result(self.answers):
            # A result link shared before the checker had steps: show its outcome here.
            return ResultView.as_view()(request)
        self.error = None
        if "go" in request.GET:
            if self.step.is_answered(self.answers):
                return redirect(self._next_url())
            self.error = self.step
        return super().get(request, *args, **kwargs)

    def _pending_sign_level(self):
        """The level of the signs ticked when the questions go on anyway, else None."""
        signs = self.answers.warning_signs
        return signs[0].red_flag_severity if signs and not self.settled else None

    def _next_url(self):
        following = steps.next_step(self.step)
        if self.settled or following is None:
            return result_url(self.answers)
        return _with_query(following.url(), self.answers)

    def get_context_data(self, **kwargs):
        answers = self.answers
        offered = self.options()
        offered_symptoms = {s.slug for s in offered.pop("symptoms", [])}
        carried = answers.query_items(leave_out=self.step.fields)
        if "symptom" in self.step.fields:
            carried += [
                ("symptom", s.slug) for s in answers.symptoms if s.slug not in offered_symptoms
            ]
        previous = steps.previous_step(self.step)
        return super().get_context_data(
            step=self.step,
            number=steps.position(self.step),
            total=len(steps.STEPS),
            question_template=f"checker/questions/{self.step.slug}.html",
            answers=answers,
            carried=carried,
            error=self.error,
            # Signs ticked that need help today, and the questions go on to look for an
            # emergency: say so on every step, with the way to the advice now.
            sign_level=self._pending_sign_level(),
            result_now_url=result_url(answers),
            error_field=offered["choices"][0].id if offered["choices"] else "",
            back_url=_with_query(previous.url(), answers) if previous else None,
            chosen={
                "symptoms": {s.slug for s in answers.symptoms},
                "areas": {a.slug for a in answers.areas},
                "triggers": {t.slug for t in answers.triggers},
            },
            NONE=NONE,
            NOT_SURE=NOT_SURE,
            **offered,
            **kwargs,
        )

    def options(self):
        """The choices this step offers: {"choices": [...]} (and "choice_groups")."""
        answers, slug = self.answers, self.step.slug
        symptoms = Symptom.objects.published().select_related("red_flag_severity")
        ticked = {s.slug for s in answers.symptoms}
        if slug == "signs":
            signs = list(symptoms.red_flags())
            return {
                "symptoms": signs,
                "choices": [
                    Choice("symptom", s.slug, s.name, s.slug in ticked, id_prefix="sign")
                    for s in signs
                ]
                + [Choice("signs", NONE, "No, I have none of these", answers.no_warning_signs,
                          exclusive=True)],
            }  # fmt: skip
        if slug == "who":
            chosen = answers.audience_slug or (NOT_SURE if answers.audience_not_said else "")
            labels = {a.slug: a.name for a in Audience.objects.all()}
            return {
                "choices": _radios("who", {**labels, NOT_SURE: "I would rather not say"}, chosen),
                "guides": Guide.objects.published(),
            }
        if slug == "where":
            chosen = {a.slug for a in answers.areas}
            return {
                "choices": [
                    Choice("area", a.slug, a.name, a.slug in chosen, hint=a.description)
                    for a in BodyArea.objects.all()
                ]
                + [Choice("area", NOT_SURE, "Not sure, or somewhere else", answers.area_not_sure,
                          exclusive=True)],
            }  # fmt: skip
        if slug == "legs":
            return {"choices": _radios("side", SIDES, answers.side)}
        if slug == "feel":
            everyday = sorted(
                symptoms.filter(is_red_flag=False),
                key=lambda s: (ORDER.index(s.checker_group), s.name),
            )
            groups = [
                (LABELS[key], [Choice("symptom", s.slug, s.name, s.slug in ticked,
                                      hint=_symptom_hint(s)) for s in items])
                for key, items in groupby(everyday, key=lambda s: s.checker_group)
            ]  # fmt: skip
            return {
                "symptoms": everyday,
                "choice_groups": groups,
                "choices": [choice for _label, group in groups for choice in group],
            }
        if slug == "start":
            return {"choices": _radios("onset", ONSETS, answers.onset)}
        chosen = {t.slug for t in answers.triggers}
        return {
            "choices": [
                Choice("trigger", t.slug, t.name, t.slug in chosen) for t in Trigger.objects.all()
            ]
            + [Choice("trigger", NONE, "None of these", answers.no_triggers, exclusive=True)],
        }


@dataclass(frozen=True)
class Choice:
    """One checkbox or radio of a question."""

    name: str
    value: str
    label: str
    checked: bool
    hint: str = ""
    exclusive: bool = False  # "None of these": ticking it clears the others (with JS)
    kind: str = "checkbox"
    id_prefix: str = ""

    @property
    def id(self):
        return f"{self.id_prefix or self.name}-{self.value}"


def _radios(name, labels, chosen):
    return [
        Choice(name, value, label[:1].upper() + label[1:], value == chosen, kind="radio")
        for value, label in labels.items()
    ]


def _symptom_hint(symptom):
    """Other words for the symptom, so a reader finds their own (kept short to scan)."""
    aliases = symptom.alias_list
    return f"Or: {', '.join(aliases[:3])}." if aliases else ""


ORDER = [value for value, _label in Symptom.CheckerGroup.choices]
LABELS = dict(Symptom.CheckerGroup.choices)


class ResultView(TemplateView):
    """The outcome: one level of care, why, possible causes and the answers given."""

    template_name = "checker/result.html"
    cache_query_params = None  # as StepView

    def get(self, request, *args, **kwargs):
        self.answers = read_answers(request.GET)
        if not steps.can_show_result(self.answers):
            missing = steps.first_missing(self.answers) or steps.STEPS[0]
            return redirect(_with_query(missing.url(), self.answers))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        outcome = assess(self.answers)
        return super().get_context_data(
            outcome=outcome,
            answers=self.answers,
            heading=outcome_heading(outcome.level),
            summary=self.summary(),
            guides=Guide.objects.published().filter(audiences=self.answers.audience)
            if self.answers.audience
            else [],
            **kwargs,
        )

    def summary(self):
        """The answers as (question, answer, change link) rows, for answered steps."""
        answers = self.answers
        said = {
            "signs": ", ".join(s.name for s in answers.warning_signs) or "None of these",
            "who": answers.audience.name if answers.audience else "Not said",
            "where": ", ".join(a.name for a in answers.areas) or "Not sure",
            "legs": SIDES.get(answers.side, "").capitalize(),
            "feel": ", ".join(s.name for s in answers.other_symptoms),
            "start": ONSETS.get(answers.onset, "").capitalize(),
            "when": ", ".join(t.name for t in answers.triggers) or "None of these",
        }
        return [
            (step.question, said[step.slug], _with_query(step.url(), answers, "edit=1"))
            for step in steps.STEPS
            # Who it is about changes the advice for children and pregnancy: always offer
            # to change it, even when it was left out.
            if step.is_answered(answers) or step.slug == "who"
        ]
