"""Analysis, query parsing, spelling and highlighting: the pieces under the search index."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.search.analysis import americanize, term_for, terms_of
from workbench.search.highlight import mark, snippet
from workbench.search.plaintext import markdown_to_text
from workbench.search.query import QueryError, parse
from workbench.search.spelling import Speller, edit_distance


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("sparse", "sparsity"),
        ("regularize", "regularization"),
        ("regularisation", "regularization"),
        ("regularise", "regularizing"),
        ("ensemble", "ensembling"),
        ("optimisation", "optimization"),
        ("behaviour", "behavior"),
        ("modelling", "modeling"),
        ("overfitting", "overfit"),
    ],
)
def test_word_forms_share_one_term(one: str, other: str) -> None:
    assert term_for(one) == term_for(other)


@pytest.mark.parametrize(("word", "different"), [("noise", "noize"), ("sparse", "spare")])
def test_unrelated_words_keep_their_own_terms(word: str, different: str) -> None:
    assert term_for(word) != term_for(different)


def test_british_rules_leave_exceptions_alone() -> None:
    assert americanize("exercise") == "exercise"
    assert americanize("supervised") == "supervised"
    assert americanize("normalised") == "normalized"


def test_question_words_and_stop_words_are_not_terms() -> None:
    assert terms_of("Why does the L1 penalty work?") == [term_for("l1"), term_for("penalty"),
                                                        term_for("work")]


def test_math_keeps_readable_text_and_command_words() -> None:
    text = markdown_to_text(r"Loss $\lambda \sum_i w_i^2$ and $$\sqrt{d_k}$$ with **bold**")
    assert "λ" in text and "lambda" in text and "sqrt" in text
    assert "**" not in text and "$" not in text


def test_markdown_syntax_is_dropped() -> None:
    text = markdown_to_text("# Head\n\n- item [link](http://x.y) `code`\n\n> quoted")
    assert text == "Head item link code quoted"


def test_parse_recognises_every_construct() -> None:
    parsed = parse('l1 "weight decay" regu* -lasso difficulty:h tag:Deep-Learning a OR b')
    kinds = [(c.kind, c.words, c.field, c.negated, c.or_next) for c in parsed.clauses]
    assert kinds == [
        ("words", ("l1",), None, False, False),
        ("phrase", ("weight", "decay"), None, False, False),
        ("prefix", ("regu",), None, False, False),
        ("words", ("lasso",), None, True, False),
        ("filter", ("H",), "difficulty", False, False),
        ("filter", ("deep-learning",), "tag", False, False),
        ("words", ("a",), None, False, True),
        ("words", ("b",), None, False, False),
    ]


def test_unbalanced_quote_runs_to_the_end() -> None:
    (clause,) = parse('"bias variance').clauses
    assert clause.kind == "phrase" and clause.words == ("bias", "variance")


@pytest.mark.parametrize("query", ["AND", "OR", "NOT", "*", ":", "-", '"', "", "  "])
def test_lone_operators_parse_to_nothing(query: str) -> None:
    assert parse(query).clauses == []


def test_impossible_filter_value_is_an_error() -> None:
    with pytest.raises(QueryError, match="difficulty must be"):
        parse("difficulty:Z")


def test_control_characters_and_length_are_cut() -> None:
    parsed = parse("x\x1b[31m" + "a" * 20_000)
    assert "\x1b" not in parsed.text and len(parsed.text) <= 500


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("attention", "atetntion") == 1
    assert edit_distance("kitten", "sitting") == 3


def test_speller_prefers_the_nearest_then_the_most_frequent() -> None:
    speller = Speller([("attention", 5), ("retention", 50), ("regularization", 3)])
    assert speller.correct("atention") == "attention"
    assert speller.correct("regularisaton") == "regularization"
    assert speller.correct("attention") is None
    assert speller.correct("qqqqqq") is None


def test_speller_completes_and_suggests_from_its_packed_vocabulary() -> None:
    speller = Speller([("outer", 2), ("other", 40), ("0.5", 7), ("gen-12", 1), ("grad", 9),
                       ("gradient", 30), ("graph", 4), ("μ-law", 3), ("go", 50)])
    assert speller.completions("gra", 10) == [(9, "grad"), (30, "gradient"), (4, "graph")]
    assert speller.completions("gra", 2) == [(9, "grad"), (30, "gradient")]
    assert speller.completions("μ", 10) == [(3, "μ-law")]
    assert speller.completions("zz", 10) == []
    assert speller.suggest("outer") == "other"  # a known word, a more frequent neighbour
    assert speller.suggest("other") is None
    assert speller.frequency("gradient") == 30
    assert speller.frequency("gen-12") is None  # not a word corrections give or take
    assert speller.correct("gen-12") is None
    assert speller.correct("gradeint") == "gradient"

def test_mark_highlights_every_form_of_a_term() -> None:
    pieces = mark("Regularized models; regularisation helps.", frozenset({term_for("regularize")}))
    assert [text for text, hit in pieces if hit] == ["Regularized", "regularisation"]
    assert "".join(text for text, _ in pieces) == "Regularized models; regularisation helps."


def test_snippet_centres_on_the_matches() -> None:
    text = " ".join(f"w{i}" for i in range(100)) + " saddle point " + " ".join(["x"] * 50)
    pieces = snippet(text, frozenset({term_for("saddle")}), width=10)
    joined = "".join(t for t, _ in pieces)
    assert joined.startswith("… ") and joined.endswith(" …") and "saddle" in joined
    assert ("saddle", True) in pieces


def test_snippet_text_reads_like_the_reader_without_latex_words() -> None:
    source = r"Risk is $\mathbb{E}_{x \sim P}[L]$ with $P(y \mid x)$ and $\|w\|_1$."
    snippet = markdown_to_text(source, math_words=False)
    assert "𝔼" in snippet and "‖w‖₁" in snippet
    assert " sim" not in snippet and " mid" not in snippet and "\\" not in snippet
    indexed = markdown_to_text(source)
    assert "sim" in indexed.split() and "mid" in indexed.split()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefgsmtx İıß-_. ,é", max_size=80),
       st.lists(st.sampled_from(["softmax", "gradient", "sad", "saddle", "x.y", "é"]),
                min_size=1, max_size=3))
def test_found_words_are_those_a_regular_expression_finds(text: str, words: list[str]) -> None:
    from workbench.search.highlight import _candidates, matches

    terms = frozenset(t for t in (term_for(w) for w in words) if t)
    prefixes = ("sa",)
    reference = [m.span() for m in _candidates(terms, prefixes).finditer(text)
                 if term_for(m.group()) in terms or m.group().lower().startswith(prefixes)]
    assert matches(text, terms, prefixes) == reference


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    list("ab kZé_İ1²-.") + ["a ", " i ", "k-means", "e.g.", "x.5", "--", "3.-", "\t", "\n"]),
    max_size=40).map("".join))
def test_analysis_files_the_terms_the_tokenizer_yields(text: str) -> None:
    """`analyse` (what indexing uses, without match objects) gives the terms, pairs and
    words that the word-by-word tokenizer gives (what queries and highlights use)."""
    from collections import Counter

    from workbench.search.analysis import TermTokenizer, analyse, pair_term, surface_words

    analyse.cache_clear()
    found = analyse(text)
    assert Counter(found.terms) == Counter(t.text for t in TermTokenizer()(text))
    assert Counter(found.pairs) == Counter(t.text for t in TermTokenizer(pairs=True)(text))
    word_terms = terms_of(text)
    assert found.pairs == list(map(pair_term, word_terms, word_terms[1:]))
    assert set(surface_words(text)) == {w.lower() for w in re.findall(r"\w+(?:\.?\w+)*", text)
                                         if term_for(w) is not None}


def test_hostile_text_is_analysed_in_one_pass() -> None:
    """Long runs that a backtracking pattern would take exponential time over."""
    from collections import Counter

    from workbench.search.analysis import TermTokenizer, analyse

    for text in ("ab." * 3000 + "-", "xy-" * 5000, "a " * 5000, "w" * 10000 + "-"):
        assert Counter(analyse(text).terms) == Counter(t.text for t in TermTokenizer()(text))
