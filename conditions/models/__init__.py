"""The app's models, one module per concern, importable from ``conditions.models``.

``content``: what editors curate and readers see; ``content_version``: the counter
that cached pages are keyed on; ``rules``: the curated "when to get
help" rules that both the condition pages and the symptom checker read.
"""

# The search index's tables live with the search code but belong to this app.
from ..search.models import (  # noqa: E402, I001
    SearchDocument,
    SearchFacet,
    SearchTerm,
    SqliteFtsEntry,
)
from .content import (
    SUMMARY_MAX_LENGTH,
    BodyArea,
    Condition,
    ConditionSymptom,
    EditorialFields,
    HelpCard,
    PublishableQuerySet,
    Reference,
    Severity,
    Status,
    Symptom,
    Synonym,
    TaggedCondition,
    Trigger,
    split_lines,
)
from .content_version import ContentVersion
from .rules import WarningRule

__all__ = [
    "SUMMARY_MAX_LENGTH",
    "BodyArea",
    "Condition",
    "ConditionSymptom",
    "ContentVersion",
    "EditorialFields",
    "HelpCard",
    "PublishableQuerySet",
    "Reference",
    "SearchDocument",
    "SearchFacet",
    "SearchTerm",
    "Severity",
    "SqliteFtsEntry",
    "Status",
    "Symptom",
    "Synonym",
    "TaggedCondition",
    "Trigger",
    "WarningRule",
    "split_lines",
]
