"""Turning what a reader typed into a query every engine can run safely.

Readers' text is never handed to an engine as syntax. It is cut to a documented length,
split into plain word tokens, stripped of common little words, and grouped into clauses:
each clause is one thing the reader asked for, with the alternatives that mean the same
(from the editors' synonym table). Engines AND the clauses and OR the alternatives.
"""

import re
import unicodedata
from dataclasses import dataclass

# Queries longer than this are cut (and the reader is told). Long enough for any real
# description of symptoms; short enough to keep every query cheap.
MAX_QUERY_LENGTH = 200
# At most this many clauses are searched; more words add cost but rarely relevance.
MAX_CLAUSES = 10
MAX_WORD_LENGTH = 40

# Letters and digits only: underscores, punctuation and every engine's operators are gone.
WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Little words that carry no meaning for search (close to PostgreSQL's English list, so
# both engines ignore the same words). Words of direction and number ("down", "up",
# "both") stay: "pain down the leg" and "both legs" mean something.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between but by can could did do does doing during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves get got im ive dont feel feels feeling really cant cannot
    wont didnt doesnt isnt
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


@dataclass(frozen=True)
class Clause:
    """One thing the reader asked for, and the phrases that mean the same."""

    typed: str
    alternatives: tuple

    @property
    def is_single_word(self):
        return len(self.alternatives) == 1 and " " not in self.typed


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    clauses: tuple = ()
    was_truncated: bool = False

    def __bool__(self):
        return bool(self.clauses)

    @property
    def typed_words(self):
        """The single words the reader typed, in order (for spelling checks)."""
        return [clause.typed for clause in self.clauses if clause.is_single_word]

    def replace_words(self, corrections):
        """The query text with misspelt words swapped for their corrections."""
        return " ".join(corrections.get(word, word) for word in WORD.findall(self.text.lower()))


def clean_text(raw):
    """Normalise, drop control characters (NUL included) and cut to MAX_QUERY_LENGTH."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


def tokenize(text):
    return [token for token in WORD.findall(text.lower()) if len(token) <= MAX_WORD_LENGTH]


def parse(raw, synonyms=None):
    """Parse reader text into clauses, expanding synonyms (never replacing the typed words).

    ``synonyms`` maps a phrase (tuple of tokens) to every phrase in its group.
    """
    text, was_truncated = clean_text(raw)
    tokens = tokenize(text)
    synonyms = synonyms or {}
    # Not mutated: with no synonyms no phrase matches, whatever the default (equivalent).
    longest = max((len(phrase) for phrase in synonyms), default=1)  # pragma: no mutate
    clauses, seen = [], set()
    position = 0
    while position < len(tokens) and len(clauses) < MAX_CLAUSES:
        for size in range(min(longest, len(tokens) - position), 0, -1):
            phrase = tuple(tokens[position : position + size])
            if phrase in synonyms:
                typed = " ".join(phrase)
                alternatives = (typed,) + tuple(p for p in synonyms[phrase] if p != typed)
                position += size
                break
        else:
            typed = tokens[position]
            alternatives = (typed,)
            position += 1
            if typed in STOP_WORDS:
                continue
        if typed not in seen:
            seen.add(typed)
            clauses.append(Clause(typed=typed, alternatives=alternatives))
    return ParsedQuery(
        text=text,
        clauses=tuple(clauses),
        was_truncated=was_truncated,
    )
