"""Editor Markdown to safe HTML.

Editors write Markdown; readers get HTML that went through a real Markdown parser and then
an allow-list sanitiser (nh3), so no editor input can bring script, event handlers, iframes
or ``javascript:`` links onto a page.
"""

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a",
    "h3", "h4", "blockquote", "code", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitised_html(text):
    """Render editor Markdown to HTML, keeping only what the allow-lists above permit."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(text, extensions=["sane_lists"])
    # Safe to mark: nh3 has just removed everything outside the allow-lists above. It also
    # writes the HTML out again (HTML5, not Markdown's XHTML) and gives every link
    # rel="noopener noreferrer" by default; tests/test_markup.py pins the exact output.
    return mark_safe(
        nh3.clean(
            html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES
        )
    )


# The result depends only on the text, so it is memoised: a page view re-renders nothing
# that has not changed since the last time it was seen. (Wrapped here rather than
# decorated so that mutation testing, which skips decorated functions, reaches the body.)
render_markdown = lru_cache(maxsize=2048)(sanitised_html)
