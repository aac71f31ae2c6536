"""Full-text search over the questions: a persistent Whoosh index and a forgiving query language.

Entry points: `index.SearchIndex.open(library, notes)` then `.search(query)`, which returns
`results.SearchResults`; `query` documents the query language. No Textual here.
"""
