"""Site search: one interface over the database's own full-text engine.

- ``query``: reader text to safe clauses (length limit, tokens, stop words, synonyms)
- ``synonyms``: the editors' synonym groups, cached per change
- ``models``: the search document, its facet rows and the vocabulary
- ``backends``: SQLite FTS5 and PostgreSQL tsvector engines behind the same methods
- ``indexing`` and ``signals``: one search document per published item, kept in step
- ``spelling``: "Did you mean …?" from the content's own vocabulary
- ``service``: what the search page and the suggestions endpoint ask for
"""
