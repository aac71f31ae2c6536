"""Relevance of the bundled notes: queries a learner would type, each with the question(s)
that must come back in the top 3. Prints hit@3; the bar is 0.9."""

from __future__ import annotations

from pathlib import Path

import pytest

from content_paths import CONTENT
from workbench.content.loader import load_library
from workbench.content.model import Library
from workbench.search.index import SearchIndex

# (query, acceptable question ids: any one of them in the top 3 counts)
CASES: list[tuple[str, tuple[str, ...]]] = [
    ("why l1 sparse", ("l1-vs-l2/sparsity",)),
    ("lasso vs ridge", ("l1-vs-l2/sparsity",)),
    ("weight decay", ("l1-vs-l2/sparsity",)),
    ("regularisation sparsity", ("l1-vs-l2/sparsity",)),
    ("saddle", ("saddle-points/saddle-vs-minima",)),
    ("local minima hessian", ("saddle-points/saddle-vs-minima",)),
    ("sadle points", ("saddle-points/saddle-vs-minima",)),
    ("overfit", ("overfitting/why-overfit",)),
    ("bias variance tradeoff", ("overfitting/why-overfit", "ensembling/why-ensembles-work")),
    ("ensembling", ("ensembling/why-ensembles-work",)),
    ("model averaging", ("ensembling/why-ensembles-work",)),
    ("self attention recurrence", ("attention/self-cross-multihead",)),
    ("multi-head attention", ("attention/self-cross-multihead",)),
    ("atention", ("attention/self-cross-multihead",)),
    ("softmax", ("attention/self-cross-multihead", "cnn-vs-vit/cnn-vs-vit")),
    ("vision transformer", ("cnn-vs-vit/cnn-vs-vit",)),
    ("cnn vit inductive bias", ("cnn-vs-vit/cnn-vs-vit",)),
    ("few shot", ("few-shot/zero-one-few-shot",)),
    ("in-context learning prompt", ("few-shot/zero-one-few-shot",)),
    ("universal approximation", ("universal-approximation/why-not-zero-error",)),
    ("one hidden layer approximate any function",
     ("universal-approximation/why-not-zero-error",)),
    ("wide or deep network more expressive", ("wide-vs-deep/expressivity",)),
    ("why did deep learning take off", ("deep-learning-conditions/conditions",)),
    ("gpu imagenet", ("deep-learning-conditions/conditions",)),
    ("empirical risk", ("erm/risk", "erm/why-empirical", "erm/minimize")),
    ("occam", ("occams-razor/apply-in-ml",)),
    ("simplest explanation", ("occams-razor/apply-in-ml",)),
    ("classification regression difference", ("classification-vs-regression/difference",)),
    ("turn classification into regression", ("classification-vs-regression/convert",)),
    ("parametric non-parametric example", ("parametric-vs-nonparametric/difference",)),
    ("knn kernel density", ("parametric-vs-nonparametric/difference",
                            "parametric-vs-nonparametric/when-to-use")),
    ("active learning", ("learning-paradigms/paradigms",)),
    ("semi supervised", ("learning-paradigms/paradigms",)),
    ("hyperparameter tuning", ("hyperparameters/why-tune", "hyperparameters/tuning-algorithm")),
    ("grid search random search bayesian", ("hyperparameters/tuning-algorithm",)),
    ("parameters vs hyperparameters", ("hyperparameters/params-vs-hparams",)),
    ("concept drift", ("production-degradation/why-degrade",
                       "test-vs-production/hypotheses")),
    ("model degrades in production", ("production-degradation/why-degrade",)),
    ("training serving skew", ("test-vs-production/hypotheses",
                               "test-vs-production/validate")),
    ("good on test bad in production", ("test-vs-production/hypotheses",)),
    ("deploy large model latency", ("deploying-large-models/problems",)),
    ("dynamic batching", ("deploying-large-models/problems",)),
    ("mlops lifecycle stages", ("production-cycle/stages",)),
    ('"production cycle"', ("production-cycle/stages",)),
    ("hyperparam*", ("hyperparameters/params-vs-hparams", "hyperparameters/why-tune",
                     "hyperparameters/tuning-algorithm")),
    ("sparsity difficulty:M", ("l1-vs-l2/sparsity",)),
    ("tag:transformers convolution", ("cnn-vs-vit/cnn-vs-vit",)),
    ("drift -leakage chapter:production", ("production-degradation/why-degrade",)),
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([CONTENT])


@pytest.fixture(scope="module")
def index(library: Library, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    return SearchIndex.open(library, root=tmp_path_factory.mktemp("cache") / Path("index"))


def test_every_expected_question_exists(library: Library) -> None:
    known = {q.id for q in library.questions()}
    missing = {qid for _, wanted in CASES for qid in wanted} - known
    assert not missing, f"relevance set names unknown questions: {sorted(missing)}"


def test_hit_at_3(index: SearchIndex) -> None:
    assert len(CASES) >= 30
    misses = []
    for query, wanted in CASES:
        top = [hit.question_id for hit in index.search(query, limit=3).hits]
        if not set(top) & set(wanted):
            misses.append(f"{query!r}: got {top}, wanted one of {list(wanted)}")
    hit_at_3 = 1 - len(misses) / len(CASES)
    print(f"\nsearch relevance: hit@3 = {hit_at_3:.3f} over {len(CASES)} queries")
    for miss in misses:
        print("  miss", miss)
    assert hit_at_3 >= 0.9, "\n".join(misses)
