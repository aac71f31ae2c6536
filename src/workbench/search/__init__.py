"""Full-text search over the questions: a persistent Whoosh index and a forgiving query language."""
