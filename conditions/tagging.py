"""How tag strings typed in the admin become tags.

django-taggit splits on spaces when a string has no commas, so "lower back pain"
would become three tags. Editors' tags are phrases, so only commas separate them.
"""


def comma_splitter(tag_string):
    """Split on commas only, dropping blanks and surrounding spaces."""
    return [tag.strip() for tag in tag_string.split(",") if tag.strip()]


def comma_joiner(tags):
    """Join tag names back into the string shown in the admin field."""
    return ", ".join(sorted(tag.name for tag in tags))
