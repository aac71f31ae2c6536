"""The progress states a question is shown in (tree marks, the header's due count).

Kept apart from the session and its scheduler so the tree can name them without loading
FSRS and the store.
"""

NEW, DUE, LEARNING, LEARNED = "new", "due", "learning", "learned"
"""Per-question states for the tree: never seen, due now, in (re)learning steps, graduated."""
