"""The symptom checker page: one GET form, so every answer has a shareable address."""

from itertools import groupby

from django.shortcuts import render

from . import triage
from .models import BodyArea, Symptom, Trigger


def symptom_checker(request):
    """Ask the questions; when answered, show red flags first, then possible causes."""
    answers = triage.read_answers(request.GET)
    assessment = triage.assess(answers) if answers.symptoms else None
    order = [value for value, _label in Symptom.CheckerGroup.choices]
    symptoms = sorted(
        Symptom.objects.published().select_related("red_flag_severity"),
        key=lambda s: (order.index(s.checker_group), s.name),
    )
    labels = dict(Symptom.CheckerGroup.choices)
    groups = [
        (key, labels[key], list(items))
        for key, items in groupby(symptoms, key=lambda s: s.checker_group)
    ]
    chosen = {
        "symptoms": {s.slug for s in answers.symptoms},
        "areas": {a.slug for a in answers.areas},
        "triggers": {t.slug for t in answers.triggers},
    }
    return render(
        request,
        "conditions/symptom_checker.html",
        {
            "answers": answers,
            "assessment": assessment,
            "asked": bool(request.GET),
            "red_flag_group": next((g for g in groups if g[0] == "red-flag"), None),
            "symptom_groups": [g for g in groups if g[0] != "red-flag"],
            "areas": BodyArea.objects.all(),
            "triggers": Trigger.objects.all(),
            "sides": triage.SIDES,
            "onsets": triage.ONSETS,
            "chosen": chosen,
        },
    )
