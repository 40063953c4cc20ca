"""History in plain words: what each revision did (``history_compare.py``: what changed).

``describe_revision`` turns a django-reversion revision into a sentence ("Published by
A. Reviewer."), whether its comment was written by the workflow, by loading or importing
content, or by the Django admin (a change message such as "Changed Status and Summary.").

``history_compare.compare_versions`` lists the fields that differ between two versions.
"""

import json
import re

from django.utils.text import capfirst
from reversion.errors import RevertError
from reversion.models import Version

# Sentences


def user_name(user):
    """The name history shows for a user: the full name, else the username."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


# Comments already written as a sentence naming who did it (the workflow's and the admin
# buttons' own words), and comments that name no one on purpose.
_OWN_WORDS = re.compile(
    r"^(Published|Published as scheduled; approved|Submitted for review|Returned to draft"
    r"|Archived|Saved|Saved as a draft|Saved for publishing|Marked as reviewed"
    r"|Change staged for review|Reverted) by "
)
_NO_USER = {"Loaded the shipped library", "Imported content"}
# What the workflow wrote before it named the user ("Published.").
_BARE_VERBS = {
    "published.": "Published",
    "submitted for review.": "Submitted for review",
    "returned to draft.": "Returned to draft",
    "archived.": "Archived",
    "marked as reviewed.": "Marked as reviewed",
}
# Django's change messages as text, as django-reversion stores them (LogEntry's wording).
_CHANGE_MESSAGE = re.compile(
    r"\s*(?:"
    r"(?P<created>Added\.|Initial version\.)"
    r"|Added (?P<added_name>[^“]+?) “(?P<added_object>.*?)”\."
    r"|Changed (?P<child_fields>[^“]+?) for (?P<child_name>[^“]+?) “(?P<child_object>.*?)”\."
    r"|Changed (?P<fields>[^“]+?)\."
    r"|Deleted (?P<deleted_name>[^“]+?) “(?P<deleted_object>.*?)”\."
    r"|(?P<nothing>No fields changed\.)"
    r")"
)
# django-reversion's words after a revert. The time may end in "a.m."/"p.m.": that full
# stop is part of the time, not of the sentence.
_REVERTED = re.compile(r"^Reverted to previous version, saved on (?P<when>.+?(?:[ap]\.m\.)?)\.?$")


def _lower_first(text):
    """'Status' → 'status', but 'URL' stays 'URL'."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _lower_fields(text):
    """'Status and Summary' → 'status and summary' (Django's list of changed fields)."""
    return "".join(_lower_first(piece) for piece in re.split(r"(, | and )", text))


def _text_list(items):
    items = [_lower_first(str(item)) for item in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _clauses_from_json(messages):
    clauses = []
    for message in messages:
        if "added" in message:
            added = message["added"]
            if added:
                clauses.append(f"added {added.get('name', 'item')} “{added.get('object', '')}”")
            else:
                clauses.append("created")
        elif "changed" in message:
            changed = message["changed"]
            fields = _text_list(changed.get("fields", []))
            if "name" in changed:
                clauses.append(
                    f"changed {fields} of {changed['name']} “{changed.get('object', '')}”"
                )
            else:
                clauses.append(f"changed {fields}")
        elif "deleted" in message:
            deleted = message["deleted"]
            clauses.append(f"removed {deleted.get('name', 'item')} “{deleted.get('object', '')}”")
    return clauses or ["saved with no changes"]


def _clauses_from_text(comment):
    clauses, position = [], 0
    while position < len(comment.rstrip()):
        match = _CHANGE_MESSAGE.match(comment, position)
        if not match:
            return None
        part = match.groupdict()
        if part["created"]:
            clauses.append("created")
        elif part["added_name"]:
            clauses.append(f"added {part['added_name']} “{part['added_object']}”")
        elif part["child_fields"]:
            fields = _lower_fields(part["child_fields"])
            clauses.append(f"changed {fields} of {part['child_name']} “{part['child_object']}”")
        elif part["fields"]:
            clauses.append(f"changed {_lower_fields(part['fields'])}")
        elif part["deleted_name"]:
            clauses.append(f"removed {part['deleted_name']} “{part['deleted_object']}”")
        else:
            clauses.append("saved with no changes")
        position = match.end()
    return clauses


def _change_message_clauses(comment):
    """Clauses for a Django change message (JSON or text), or None for other comments."""
    if comment.startswith("["):
        try:
            messages = json.loads(comment)
        except ValueError:
            return None
        if isinstance(messages, list) and all(isinstance(m, dict) for m in messages):
            return _clauses_from_json(messages)
        return None
    return _clauses_from_text(comment)


def _by(name):
    return f" by {name}" if name else ""


def describe_revision(item):
    """What a revision did, in words: "Published by A. Reviewer.".

    ``item`` is a reversion ``Revision`` or ``Version``; with a version, "returned to draft"
    entries written before the comment was part of the revision quote the item's comment.
    """
    version = item if isinstance(item, Version) else None
    revision = version.revision if version is not None else item
    comment = (revision.comment or "").strip()
    name = user_name(revision.user)

    if comment in _NO_USER:
        return comment
    if _OWN_WORDS.match(comment):
        return _with_readable_detail(comment)
    if comment.lower() in _BARE_VERBS:
        sentence = f"{_BARE_VERBS[comment.lower()]}{_by(name)}"
        if sentence.startswith("Returned to draft") and version is not None:
            note = stored_value(version, "review_comment")
            if note:
                return f"{sentence}: {note}"
        return f"{sentence}."
    if match := _REVERTED.match(comment):
        return f"Reverted to the version saved on {match['when']}{_by(name)}."
    if not comment:
        return f"Saved{_by(name)}."
    clauses = _change_message_clauses(comment)
    if clauses is None:
        return f"{comment} ({name})" if name and name not in comment else comment
    return f"{capfirst('; '.join(clauses))}{_by(name)}."


def _with_readable_detail(comment):
    """The workflow's sentence, then Django's change message reworded ("Changed overview.").

    The admin's buttons add Django's change message after their own sentence; names may
    hold full stops, so the detail is the first tail that reads as a change message.
    """
    for match in re.finditer(r"\. ", comment):
        clauses = _clauses_from_text(comment[match.end() :])
        if clauses:
            return f"{comment[: match.start() + 1]} {capfirst('; '.join(clauses))}."
    return comment


def stored_value(version, name):
    """A field's value as a version stored it ("" when the version no longer loads)."""
    try:
        return version.field_dict.get(name) or ""
    except (RevertError, ValueError, LookupError):
        return ""
