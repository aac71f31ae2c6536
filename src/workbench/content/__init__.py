"""Content: the model of chapters, topics and questions, its loader, and the notes importer."""

from workbench.content.loader import load_library
from workbench.content.model import Chapter, Difficulty, Library, Problem, Question, Stem, Topic

__all__ = ["Chapter", "Difficulty", "Library", "Problem", "Question", "Stem", "Topic",
           "load_library"]
