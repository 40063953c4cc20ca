"""The phone numbers readers are told to call, from settings, ready for pages.

An emergency number is always named (the local one when configured, otherwise words a
reader anywhere understands); the urgent care number only when configured.
"""

import re
from dataclasses import dataclass

from django.conf import settings

DIALABLE = re.compile(r"^\+?[0-9][0-9 ]{1,14}$")
ANY_EMERGENCY_NUMBER = "your local emergency number"
EXAMPLES = " (for example 911, 999 or 112)"


@dataclass(frozen=True)
class PhoneNumber:
    label: str  # how the number reads in a sentence: "999", "your local emergency number"
    tel: str = ""  # "tel:999" for a tap-to-call link, or "" when there is no number
    examples: str = ""  # said after the label when no number is configured

    def __str__(self):
        return self.label + self.examples

    def __bool__(self):
        return bool(self.label)


def _tel(number):
    return "tel:" + number.replace(" ", "") if number else ""


def emergency():
    number = settings.EMERGENCY_NUMBER
    if not number:
        return PhoneNumber(settings.EMERGENCY_NUMBER_TEXT or ANY_EMERGENCY_NUMBER, "", EXAMPLES)
    return PhoneNumber(settings.EMERGENCY_NUMBER_TEXT or number, _tel(number))


def urgent_care():
    number = settings.URGENT_CARE_NUMBER
    if not number:
        return PhoneNumber("")
    return PhoneNumber(settings.URGENT_CARE_NUMBER_TEXT or number, _tel(number))


def misconfigured():
    """Setting names whose value cannot be dialled (for the system check)."""
    return [
        name
        for name in ("EMERGENCY_NUMBER", "URGENT_CARE_NUMBER")
        if getattr(settings, name) and not DIALABLE.match(getattr(settings, name))
    ]
