"""Word-level differences between two versions of an item, for people to read.

Reviewers compare the live page with a pending change, and any two revisions in the
history. A letter-by-letter diff ("~~I~~Res t usually") is unreadable for prose, so text
is compared word by word (whitespace kept), and links are listed as added or removed.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

# Words, punctuation and whitespace as separate pieces: joining them gives the text back,
# and "helps." still matches "helps" with a full stop added after it.
_WORDS = re.compile(r"\w+|[^\w\s]+|\s+")


def split_words(text):
    """The text as pieces: words, runs of punctuation and runs of whitespace."""
    return _WORDS.findall(text or "")


@dataclass
class FieldChange:
    """One changed field: its label and either a word diff or the links added and removed."""

    label: str
    diff: str = ""
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


def compare_values(label, old, new):
    """A FieldChange for one field, or None when it did not change.

    Lists and sets (links to other items) are compared as sets of their text; anything
    else is compared as text, word by word.
    """
    if isinstance(old, list | set | tuple) or isinstance(new, list | set | tuple):
        old_set, new_set = {str(v) for v in old or ()}, {str(v) for v in new or ()}
        if old_set == new_set:
            return None
        return FieldChange(
            label, added=sorted(new_set - old_set), removed=sorted(old_set - new_set)
        )
    # Browsers post line breaks as \r\n: not a change anyone made.
    old_text = "" if old is None else str(old).replace("\r\n", "\n")
    new_text = "" if new is None else str(new).replace("\r\n", "\n")
    if old_text == new_text:
        return None
    return FieldChange(label, diff=phrase_diff_html(old_text, new_text))


def _label_of(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field the model no longer has
        return name


def _display(model, name, value):
    """A snapshot value as readers of the diff know it: names for links, text otherwise."""
    try:
        field = model._meta.get_field(name)
    except Exception:
        return value
    if field.is_relation and value not in (None, "", []):
        related = field.related_model._default_manager
        if isinstance(value, list):
            names = {obj.pk: str(obj) for obj in related.filter(pk__in=value)}
            return [names.get(pk, f"#{pk}") for pk in value]
        obj = related.filter(pk=value).first()
        return str(obj) if obj else f"#{value}"
    if field.choices and value not in (None, ""):
        return dict(field.flatchoices).get(value, value)
    return value


# Bookkeeping every save changes; showing it would hide the real changes.
SKIPPED_FIELDS = {"updated_at", "created_at"}


def compare_snapshots(old_rows, new_rows):
    """What changed between two snapshots (``conditions.staging``): a list of FieldChange.

    The item's own fields are compared one by one; the objects its history follows (rules,
    symptom links, references, tags) are compared as lines of text, added or removed.
    """
    from django.apps import apps

    old_rows = old_rows or [{"model": new_rows[0]["model"], "fields": {}}]
    model = apps.get_model(new_rows[0]["model"])
    changes = []
    old_fields, new_fields = old_rows[0]["fields"], new_rows[0]["fields"]
    for name in new_fields:
        if name in SKIPPED_FIELDS:
            continue
        change = compare_values(
            _label_of(model, name).capitalize(),
            _display(model, name, old_fields.get(name)),
            _display(model, name, new_fields.get(name)),
        )
        if change:
            changes.append(change)
    old_lines, new_lines = _child_lines(old_rows[1:], model), _child_lines(new_rows[1:], model)
    for label in sorted(set(old_lines) | set(new_lines)):
        change = compare_values(label, old_lines.get(label, []), new_lines.get(label, []))
        if change:
            changes.append(change)
    return changes


def _child_lines(rows, parent_model):
    from django.apps import apps

    lines = {}
    for row in rows:
        model = apps.get_model(row["model"])
        parts = []
        names = [f.name for f in model._meta.get_fields() if f.name in row["fields"]]
        for name in names:  # in the model's order: title before publisher
            value = row["fields"][name]
            field = model._meta.get_field(name)
            if field.is_relation and field.related_model is parent_model and not field.many_to_many:
                continue  # the link back to the item itself
            shown = _display(model, name, value)
            if shown in (None, "", []):
                continue
            if isinstance(shown, list):
                shown = ", ".join(shown)
            parts.append(f"{capfirst(_label_of(model, name))}: {shown}")
        label = str(model._meta.verbose_name_plural).capitalize()
        lines.setdefault(label, []).append("; ".join(parts))
    return lines


def phrase_diff_html(old, new):
    """``new`` against ``old`` as HTML: removed words in <del>, added words in <ins>.

    Changed words separated only by spaces are one change: "medial tibial stress" →
    "shin pain when running" reads as one struck-through phrase and one underlined
    phrase, not as five alternating word swaps.
    """
    old_words, new_words = split_words(old), split_words(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    runs = []  # [changed, i1, i2, j1, j2]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        joins = (
            changed
            and len(runs) >= 2
            and runs[-2][0]
            and not runs[-1][0]
            and not "".join(old_words[runs[-1][1] : runs[-1][2]]).strip()
        )
        if joins:
            runs.pop()
            runs[-1][2], runs[-1][4] = i2, j2
        else:
            runs.append([changed, i1, i2, j1, j2])
    parts = []
    for changed, i1, i2, j1, j2 in runs:
        if not changed:
            parts.append(escape("".join(old_words[i1:i2])))
            continue
        if i1 < i2:
            parts.append(f"<del>{escape(''.join(old_words[i1:i2]))}</del>")
        if j1 < j2:
            parts.append(f"<ins>{escape(''.join(new_words[j1:j2]))}</ins>")
    return mark_safe("".join(parts))
