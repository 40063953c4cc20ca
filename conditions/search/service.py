"""What the search page and the suggestions endpoint ask for.

``search()`` runs one reader query: match and rank published conditions, fall back to
"any of the words" and then to the spelling correction when nothing matches, apply the
filters, count the facets, pick out matching symptoms and red flags, and highlight the
current page's snippets. ``suggest()`` does prefix matching on names for the search box.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import Tag

from ..content_version import content_version
from ..inputs import as_slug
from ..models import Audience, BodyArea, Condition, Severity, Status, Symptom
from . import query as query_module
from . import spelling
from .backends import get_backend
from .backends.sqlite import MARK_END, MARK_START
from .models import SearchFacet
from .synonyms import synonym_map

RESULTS_PER_PAGE = 10
MAX_SYMPTOMS_SHOWN = 4
SUGGESTIONS_PER_KIND = 5


@dataclass(frozen=True)
class FilterSpec:
    """A filter readers can apply: its URL parameter and how it reaches a condition."""

    param: str
    label: str
    lookup: str  # from Condition to the option's slug


FILTERS = (
    FilterSpec("symptom", "Symptom", "symptom_links__symptom__slug"),
    FilterSpec("area", "Body area", "body_areas__slug"),
    FilterSpec("severity", "How urgent", "severity__slug"),
    FilterSpec("tag", "Topic", "tags__slug"),
)


def _filter_options(param):
    """Valid slugs (and names) for a filter: only what readers may see."""
    if param == "symptom":
        return Symptom.objects.published()
    if param == "area":
        return BodyArea.objects.all()
    if param == "severity":
        return Severity.objects.all()
    return Tag.objects.filter(
        conditions_taggedcondition_items__content_object__status=Status.PUBLISHED
    ).distinct()


@dataclass
class FacetOption:
    slug: str
    name: str
    count: int
    selected: bool
    url: str = ""  # the query string that turns this option on (or off, when selected)


@dataclass
class Facet:
    spec: FilterSpec
    options: list


@dataclass
class Result:
    condition: Condition
    snippet: str


@dataclass
class SearchOutcome:
    parsed: query_module.ParsedQuery  # what the reader typed
    searched: query_module.ParsedQuery = None  # what found the results (maybe corrected)
    selected: dict = field(default_factory=dict)  # param -> (slug, name)
    notes: list = field(default_factory=list)
    total: int = 0
    page: object = None
    results: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    symptoms: list = field(default_factory=list)
    red_flags: list = field(default_factory=list)
    correction: str = ""
    showing_correction: bool = False
    matched_all_words: bool = True

    @property
    def query(self):
        return self.parsed.text

    @property
    def is_browsing(self):
        return not self.parsed and bool(self.selected)


def highlight(snippet):
    """Escape an engine snippet, then turn its sentinel markers into <mark> elements."""
    if not snippet:
        return ""
    escaped = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(escaped)  # escaped above; only our own <mark> tags remain


def parse_filters(params):
    """Read the filter parameters, keeping valid ones and explaining the ones ignored."""
    selected, notes = {}, []
    for spec in FILTERS:
        raw = (params.get(spec.param) or "").strip()
        if not raw:
            continue
        slug = as_slug(raw)
        option = slug and (
            _filter_options(spec.param).filter(slug=slug).values_list("slug", "name").first()
        )
        if option:
            selected[spec.param] = option
        else:
            notes.append(f"We could not use the {spec.label.lower()} filter, so it was left out.")
    return selected, notes


def _apply_filters(queryset, selected, skip=None):
    for spec in FILTERS:
        if spec.param in selected and spec.param != skip:
            queryset = queryset.filter(**{spec.lookup: selected[spec.param][0]})
    return queryset


class _Matcher:
    """Runs a parsed query against conditions with the current engine."""

    def __init__(self, backend, parsed, require_all):
        self.backend, self.parsed, self.require_all = backend, parsed, require_all

    def conditions(self, queryset):
        return self.backend.filter(queryset, "search_document", self.parsed, self.require_all)


def search(raw_query, params=None, page_number=1, per_page=RESULTS_PER_PAGE):
    """Run a reader's search; see the module docstring. Never raises on odd input."""
    params = params or {}
    backend = get_backend()
    parsed = query_module.parse(raw_query, synonym_map())
    outcome = SearchOutcome(parsed=parsed)
    if parsed.was_truncated:
        outcome.notes.append(
            f"Your search was long, so we only used the first "
            f"{query_module.MAX_QUERY_LENGTH} characters."
        )
    outcome.selected, filter_notes = parse_filters(params)
    outcome.notes += filter_notes
    base = _apply_filters(Condition.objects.published(), outcome.selected)

    matcher = None
    if parsed:
        matcher, ordered, total = _match(outcome, backend, base)
        _find_symptoms(outcome, backend, outcome.searched or parsed)
    elif parsed.text:
        outcome.notes.append(
            "Your search only had very common words. Try describing what you feel."
        )
        ordered, total = base.none(), 0
    else:  # browse mode: filters only, alphabetical
        ordered, total = base.order_by("name", "pk"), base.count()

    outcome.total = total
    paginator = Paginator(ordered.select_related("severity"), per_page, allow_empty_first_page=True)
    paginator.count = total  # already counted; saves the paginator a second COUNT(*)
    outcome.page = paginator.get_page(page_number)
    rows = list(outcome.page.object_list.annotate(document_id=F("search_document__id")))
    snippets = {}
    if matcher:
        snippets = backend.snippets(
            [row.document_id for row in rows], matcher.parsed, matcher.require_all
        )
    outcome.results = [Result(row, highlight(snippets.get(row.document_id, ""))) for row in rows]
    if total or not parsed.text:
        outcome.facets = _facets(matcher, outcome.selected)
        _link_facets(outcome.facets, params)
    return outcome


def _match(outcome, backend, base):
    """Find the best match set: all the words as typed, then all the words as corrected,
    then any of the words. Records on ``outcome`` which one was used.

    Returns (matcher or None, ordered queryset, total).
    """
    parsed = outcome.parsed
    fixes = spelling.corrections(parsed, lambda word: _matches_word(backend, word))
    candidates = [(parsed, False)]
    if fixes:
        outcome.correction = parsed.replace_words(fixes)
        candidates.append((query_module.parse(outcome.correction, synonym_map()), True))
    for require_all in (True, False):
        for candidate, is_correction in candidates:
            if not require_all and len(candidate.clauses) < 2:
                continue
            matcher = _Matcher(backend, candidate, require_all)
            matches = matcher.conditions(base)
            total = matches.count()
            if total:
                outcome.searched = candidate
                outcome.showing_correction = is_correction
                outcome.matched_all_words = require_all
                return matcher, _best_first(matches, candidate), total
    return None, base.none(), 0


# Words that show a query is about a child or a pregnancy.
GROUP_WORDS = frozenset(
    "baby babies toddler child children childs kid kids son daughter boy girl teen teens "  # noqa: SIM905
    "teenager teenagers pregnant pregnancy expecting midwife".split()
)


def _best_first(matches, parsed):
    """Order matches by rank, with one editorial rule on top: unless the query is about a
    child or a pregnancy, conditions only for children or pregnancy come after the rest
    (most readers ask about themselves, so "leg cramps" finds leg cramps before leg cramps
    in pregnancy)."""
    if set(query_module.WORD.findall(parsed.text.lower())) & GROUP_WORDS:
        return matches.order_by("-search_rank", "name", "pk")
    through = Condition.audiences.through
    group_only = Exists(through.objects.filter(condition=OuterRef("pk"))) & ~Exists(
        through.objects.filter(condition=OuterRef("pk"), audience__group=Audience.Group.ADULT)
    )
    return matches.annotate(group_only=group_only).order_by(
        "group_only", "-search_rank", "name", "pk"
    )


def _link_facets(facets, params):
    """Give each option the query string that toggles it, keeping everything else."""
    kept = {key: params.get(key) for key in ["q", *(spec.param for spec in FILTERS)]}
    for facet in facets:
        for option in facet.options:
            values = {**kept, facet.spec.param: None if option.selected else option.slug}
            option.url = "?" + urlencode({k: v for k, v in values.items() if v})


def _matches_word(backend, word):
    single = query_module.ParsedQuery(text=word, clauses=(query_module.Clause(word, (word,)),))
    return backend.filter(Condition.objects.all(), "search_document", single).exists()


def _find_symptoms(outcome, backend, parsed):
    """Symptoms the query names (all words), else ones it touches; red flags among them."""
    symptoms = Symptom.objects.published().select_related("red_flag_severity")
    named = list(
        backend.filter(symptoms, "search_document", parsed, require_all=True).order_by(
            "-search_rank", "name"
        )[:MAX_SYMPTOMS_SHOWN]
    )
    outcome.red_flags = sorted(
        (
            symptom
            for symptom in named
            if symptom.is_red_flag
            and symptom.red_flag_severity
            and _describes(parsed, [symptom.name, *symptom.alias_list])
        ),
        key=lambda symptom: -symptom.red_flag_severity.rank,
    )
    if not named and len(parsed.clauses) > 1:
        named = list(
            backend.filter(symptoms, "search_document", parsed, require_all=False).order_by(
                "-search_rank", "name"
            )[:MAX_SYMPTOMS_SHOWN]
        )
    outcome.symptoms = named


def _same_word(a, b):
    """Crude stemming for short phrases: "legs" is "leg", "painful" is "pain"."""
    return a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


def _describes(parsed, phrases):
    """Whether the query says at least half of one of a red flag's names.

    Matching all of the query's words is not enough on its own: "pins and needles" matches
    the alias "tingling moving up from the feet", but does not describe spreading weakness.
    """
    query_words = {
        word
        for clause in parsed.clauses
        for phrase in clause.alternatives
        for word in phrase.split()
        if word not in query_module.STOP_WORDS
    }
    for phrase in phrases:
        words = [w for w in query_module.tokenize(phrase) if w not in query_module.STOP_WORDS]
        if not words:
            continue
        covered = sum(any(_same_word(w, q) for q in query_words) for w in words)
        if covered * 2 >= len(words):
            return True
    return False


def _facets(matcher, selected):
    """For each filter, how many matching conditions each option would leave.

    Options of a filter are counted with every *other* selected filter applied, so readers
    see what choosing another option would give. Without selections this is one GROUP BY
    over the facet rows of the matching documents (only conditions have facet rows).
    """

    def count(skip=None, prefix=None):
        rows = SearchFacet.objects.all()
        if matcher:
            rows = matcher.backend.match(rows, "document", matcher.parsed, matcher.require_all)
        for spec in FILTERS:
            if spec.param in selected and spec.param != skip:
                key = f"{spec.param}:{selected[spec.param][0]}"
                rows = rows.filter(
                    Exists(SearchFacet.objects.filter(document=OuterRef("document"), key=key))
                )
        if prefix:
            rows = rows.filter(key__startswith=prefix)
        return rows.values_list("key").annotate(count=Count("id")).order_by()

    counted = dict(count())
    for param in selected:
        counted = {key: n for key, n in counted.items() if not key.startswith(f"{param}:")}
        counted.update(count(skip=param, prefix=f"{param}:"))

    labels, severity_rank = _facet_labels()
    facets = []
    for spec in FILTERS:
        chosen = selected.get(spec.param, (None,))[0]
        options = []
        for key, total in counted.items():
            param, _, slug = key.partition(":")
            if param == spec.param:
                options.append(FacetOption(slug, labels.get(key, slug), total, slug == chosen))
        if spec.param == "severity":
            options.sort(key=lambda option: -severity_rank.get(option.slug, 0))
        else:
            options.sort(key=lambda option: (-option.count, option.name))
        facets.append(Facet(spec, options))
    return facets


def _facet_labels():
    """{facet key: label} and {severity slug: rank}, cached until the content changes."""
    key = f"search:facet-labels:{content_version()}"
    cached = cache.get(key)
    if cached is None:
        labels = dict(SearchFacet.objects.values_list("key", "label").distinct())
        cached = (labels, dict(Severity.objects.values_list("slug", "rank")))
        cache.set(key, cached, 3600)
    return cached


def suggest(raw_prefix):
    """Conditions and symptoms whose names start with what has been typed so far."""
    parsed = query_module.parse(raw_prefix)
    if not parsed:
        return {"conditions": [], "symptoms": []}
    backend = get_backend()

    def top(queryset):
        return backend.title_prefix_filter(queryset, "search_document", parsed).order_by(
            "-search_rank", "name"
        )[:SUGGESTIONS_PER_KIND]

    conditions = top(Condition.objects.published().select_related("severity"))
    symptoms = top(Symptom.objects.published())
    return {
        "conditions": [
            {"name": c.name, "url": c.get_absolute_url(), "severity": c.severity.name}
            for c in conditions
        ],
        "symptoms": [{"name": s.name, "url": s.get_absolute_url()} for s in symptoms],
    }
