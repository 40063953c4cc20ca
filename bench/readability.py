"""Print the reading grade (Flesch-Kincaid) of every published page's own words.

    python bench/readability.py            # every condition and symptom, hardest first
    python bench/readability.py --max 6    # exit 1 if any page is above grade 6

What is measured is what readers read on the page: a condition's summary, sections and
"when to get help" lists (rules and Markdown), a symptom's name and description, or a
guide's title, summary and sections. Each
sentence, bullet or list line counts as a sentence; syllables come from Pyphen's English
hyphenation dictionary, as in most readability tools.
"""

import argparse
import os
import re
import sys
from pathlib import Path

import pyphen

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legpain.settings")
os.environ.setdefault("DEBUG", "1")

_dictionary = pyphen.Pyphen(lang="en_GB")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def syllables(word):
    """Syllables of one word: hyphenation points plus one, at least one."""
    return max(1, len(_dictionary.positions(word.lower())) + 1)


def grade(text):
    """Flesch-Kincaid grade of ``text`` (plain text or Markdown); 0 for no words."""
    plain = re.sub(r"[*_`#>\[\]()]", " ", text)
    sentences = [s for s in SENTENCE_END.split(plain) if WORD.search(s)]
    words = WORD.findall(plain)
    if not words:
        return 0.0
    per_sentence = len(words) / max(1, len(sentences))
    per_word = sum(syllables(word) for word in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def page_texts():
    """(page address, its words) for every published condition, symptom and guide."""
    import django

    django.setup()
    from conditions.models import Condition, Guide, Symptom

    for condition in Condition.objects.published().prefetch_related("warning_rules"):
        parts = [condition.summary]
        parts += [getattr(condition, name) for name in Condition.PROSE_FIELDS]
        parts += [rule.text for rule in condition.warning_rules.all()]
        yield condition.get_absolute_url(), "\n".join(parts)
    for symptom in Symptom.objects.published():
        yield symptom.get_absolute_url(), f"{symptom.name}.\n{symptom.description}"
    for guide in Guide.objects.published():
        parts = [guide.title, guide.summary] + [getattr(guide, n) for n in Guide.PROSE_FIELDS]
        yield guide.get_absolute_url(), "\n".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=float, help="fail when a page is above this grade")
    options = parser.parse_args()
    rows = sorted(((grade(text), url) for url, text in page_texts()), reverse=True)
    for value, url in rows:
        print(f"{value:5.1f}  {url}")
    print(f"{len(rows)} pages; hardest grade {rows[0][0]:.1f}" if rows else "no pages")
    if options.max is not None and rows and rows[0][0] > options.max:
        sys.exit(1)


if __name__ == "__main__":
    main()
