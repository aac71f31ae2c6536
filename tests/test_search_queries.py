"""Queries learners type that used to fail: exclusions alone, `k-means` spellings, real
words that look like typos, topic introductions, and the "did you mean" offer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search_fixture import TOPICS, fixture_library, write_notes
from workbench.cli import main
from workbench.search.index import SearchIndex
from workbench.search.results import SearchResults
from workbench.tui.widgets.search_panel import SearchPanel

EXTRA = {
    "03-clustering/01-kmeans.md": '''+++
id = "clustering"
title = "Clustering"
difficulty = "M"
+++

Centroid methods come first; the dendrogram question closes the topic.

## [M] How does k-means pick its centroids? {#hyphen}

It alternates assignment and update steps.

## [M] Is kmeans sensitive to initialisation? {#joined}

Yes: seeding matters.

## [E] When is k means a poor choice? {#spaced}

When clusters are not round.

## [M] What is an outer product? {#outer}

The outer product of two vectors is a matrix.

## [E] Name other clustering methods. {#other}

Other methods: DBSCAN, other density methods, and other spectral methods.

## [E] And other linkage choices? {#other-2}

Single linkage and other variants.
''',
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    notes = write_notes(tmp_path_factory.mktemp("notes"), {**TOPICS, **EXTRA})
    return SearchIndex.open(fixture_library(notes), root=tmp_path_factory.mktemp("ix"))


def ids(results: SearchResults) -> set[str]:
    assert results.message is None, results.message
    return {hit.question_id for hit in results.hits}


@pytest.mark.parametrize("query", ["-attention", "NOT attention", "-attention -sparsity"])
def test_only_exclusions_means_everything_except(index: SearchIndex, query: str) -> None:
    found = ids(index.search(query, limit=100))
    assert found and not any(qid.startswith("attention/") for qid in found)
    assert "ensembling/variance" in found and "clustering/outer" in found
    if "sparsity" in query:
        assert "l1-vs-l2/sparsity" not in found


def test_excluding_a_filter_alone_lists_the_rest(index: SearchIndex) -> None:
    found = ids(index.search("-difficulty:H", limit=100))
    assert "ensembling/variance" in found and "ensembling/no-help" not in found


@pytest.mark.parametrize("query", ['"', "AND", "*", "OR", "-", "NOT"])
def test_queries_with_nothing_to_look_for_get_a_message(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert results.message and "Type a word" in results.message and not results.hits


@pytest.mark.parametrize("query", ["k-means", "kmeans", "k means", "K-Means"])
def test_k_means_spellings_find_each_other(index: SearchIndex, query: str) -> None:
    assert {"clustering/hyphen", "clustering/joined", "clustering/spaced"} <= ids(
        index.search(query))


def test_single_letters_are_not_joined_to_operators_or_filters(index: SearchIndex) -> None:
    assert ids(index.search("difficulty:M tag:training")) == {"l1-vs-l2/sparsity"}


def test_a_real_word_is_searched_as_typed_and_the_commoner_one_offered(
    index: SearchIndex,
) -> None:
    results = index.search("outer")
    assert results.corrected is None
    assert ids(results) == {"clustering/outer"}
    assert results.suggestion == "other"
    assert index.search("other").suggestion is None


def test_no_offer_when_the_other_word_finds_less(index: SearchIndex) -> None:
    assert index.search("product").suggestion is None


def test_unknown_word_is_still_corrected_and_said(index: SearchIndex) -> None:
    results = index.search("centriods")
    assert results.corrected == "centroids" and "clustering/hyphen" in ids(results)


def test_topic_introductions_are_searched(index: SearchIndex) -> None:
    assert ids(index.search("dendrogram")) == {"clustering/hyphen"}


def test_status_line_offers_the_suggestion() -> None:
    results = SearchResults(query="outer", suggestion="other")
    assert "did you mean “other”?" in SearchPanel()._describe(results)


def test_cli_prints_the_offer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = write_notes(tmp_path / "notes", EXTRA)
    assert main(["--content", str(notes), "search", "outer", "--json"]) == 0
    captured = capsys.readouterr()
    assert [hit["id"] for hit in json.loads(captured.out)] == ["clustering/outer"]
    assert "did you mean: other" in captured.err


def test_cli_runs_an_exclusion_only_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write_notes(tmp_path / "notes", EXTRA)
    assert main(["--content", str(notes), "search", "NOT", "attention", "--json"]) == 0
    found = [hit["id"] for hit in json.loads(capsys.readouterr().out)]
    assert found and not any("attention" in qid for qid in found)
