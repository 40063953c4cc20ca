"""The app's models, one module per concern, importable from ``conditions.models``.

``content``: the building blocks editors curate (status, care levels, areas, symptoms);
``conditions``: condition pages, their symptom links and sources; ``audiences``: who a condition,
rule or guide is about; ``guides``: pages for a group of readers; ``content_version``: the counter
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
from .audiences import Audience
from .conditions import (
    Condition,
    ConditionSymptom,
    HelpCard,
    Reference,
    SourceFields,
    TaggedCondition,
)
from .content import (
    SUMMARY_MAX_LENGTH,
    BodyArea,
    EditorialFields,
    PublishableQuerySet,
    Severity,
    Status,
    Symptom,
    Synonym,
    Trigger,
    split_lines,
)
from .content_version import ContentVersion
from .guides import Guide, GuideReference
from .pending import PendingChange
from .rules import WarningRule

__all__ = [
    "SUMMARY_MAX_LENGTH",
    "Audience",
    "BodyArea",
    "Condition",
    "ConditionSymptom",
    "ContentVersion",
    "EditorialFields",
    "Guide",
    "GuideReference",
    "HelpCard",
    "PendingChange",
    "PublishableQuerySet",
    "Reference",
    "SearchDocument",
    "SearchFacet",
    "SearchTerm",
    "Severity",
    "SourceFields",
    "SqliteFtsEntry",
    "Status",
    "Symptom",
    "Synonym",
    "TaggedCondition",
    "Trigger",
    "WarningRule",
    "split_lines",
]
