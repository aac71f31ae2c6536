"""Measure the search index on a seeded synthetic corpus about 100x the bundled notes.

    .venv/bin/python benchmarks/search_bench.py [--docs 20000] [--queries 1200] [--seed 7]

Runs with the allocator set as the app sets it (`workbench.allocator`). Prints build time,
wall and CPU (the CPU of every process: a big build is written by
worker processes, so a quiet machine with a core for each takes about the CPU seconds
shared among them; on a busy one the wall time waits for a core), and on a slice of the
corpus the ratio to Whoosh's own writer in the same process; index size, open time,
per-query latency (p50/p99, and by kind) over mixed queries (terms, phrases, prefixes,
typos, filters), how many queries
were cut short and how often the top 10 agrees with Whoosh scoring every match itself (a
sample), the same queries through a plain substring scan of the same texts as a
reference, and the time to reindex one edited topic file. The last line is machine-readable.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from whoosh import index as whoosh_index

import workbench
from workbench.allocator import return_large_blocks
from workbench.content.model import Chapter, Library, Question, Topic
from workbench.search.index import SearchIndex
from workbench.search.schema import build_schema, topic_documents

_ML_TEXT = """
model training data loss gradient descent learning rate weight bias variance overfitting
regularization dropout batch normalization layer network neural deep convolution attention
transformer embedding token sequence recurrent lstm optimizer adam momentum sgd epoch
validation test accuracy precision recall f1 classifier regression logistic linear kernel
svm margin tree forest boosting bagging ensemble feature selection dimension reduction pca
cluster kmeans distance similarity cosine softmax sigmoid relu activation function output
input hidden parameter hyperparameter search grid random bayesian prior posterior likelihood
probability distribution gaussian sample sampling estimate estimator error generalization
capacity complexity sparse sparsity penalty norm lasso ridge decay schedule warmup inference
latency throughput deployment production monitoring drift shift label noise augmentation
pretraining finetuning transfer domain adaptation representation latent encoder decoder
autoencoder generative adversarial diffusion score matching contrastive self supervised
unsupervised reinforcement reward policy value agent environment exploration exploitation
saddle point minimum maximum curvature hessian eigenvalue convex nonconvex landscape
initialization vanishing exploding residual skip connection depth width universal approximation
theorem bound risk empirical minimization hypothesis class vc dimension occam razor prior
calibration uncertainty confidence interval bootstrap cross fold metric auc roc curve
quantization pruning distillation compression batching cache memory gpu tpu parallelism shard
"""
ML_WORDS = _ML_TEXT.split()
_SYLLABLE_TEXT = "ka lo mi ne ra ti so vu pe da gri tor nal sen ver mat lex pro con dis"
SYLLABLES = _SYLLABLE_TEXT.split()
TAGS = ["training", "deep-learning", "theory", "production", "optimization", "statistics"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Real ML words first (most frequent), then made-up words for the long tail."""
    words = list(dict.fromkeys(ML_WORDS))
    rng.shuffle(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    return words


def zipf_sampler(rng: random.Random, words: list[str], s: float = 1.1):  # noqa: ANN201
    """A function drawing words with Zipfian frequencies."""
    weights = [1.0 / (rank + 1) ** s for rank in range(len(words))]
    cumulative: list[float] = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def draw(count: int) -> list[str]:
        return rng.choices(words, cum_weights=cumulative, k=count)

    return draw


def synthetic_library(docs: int, seed: int) -> tuple[Library, list[str], list[str]]:
    """A library of `docs` questions in topics of ten; also the vocabulary and all texts."""
    rng = random.Random(seed)
    words = vocabulary(rng, 6000)
    draw = zipf_sampler(rng, words)
    topics: list[Topic] = []
    texts: list[str] = []
    per_topic = 10
    for t in range(docs // per_topic):
        topic_id = f"topic-{t}"
        questions = []
        for q in range(per_topic):
            title = " ".join(draw(rng.randint(5, 10))).capitalize() + "?"
            paragraphs = [" ".join(draw(rng.randint(30, 60))) + "." for _ in range(3)]
            if rng.random() < 0.2:
                paragraphs.append(r"$$L(w) = L_0(w) + \lambda \sum_i w_i^2$$")
            body = "\n\n".join(paragraphs)
            texts.append(f"{title}\n{body}".lower())
            questions.append(Question(
                id=f"{topic_id}/q{q}", topic_id=topic_id, title=title,
                difficulty=rng.choice(("E", "M", "H")), body=body,
                source=Path(f"{topic_id}.md"), line=1 + q * 10,
            ))
        digest = hashlib.sha256("".join(q.body for q in questions).encode()).hexdigest()
        topics.append(Topic(
            id=topic_id, title=" ".join(draw(3)).title(), chapter_id=f"ch{t % 8}",
            difficulty="M", questions=tuple(questions), source=Path(f"{topic_id}.md"),
            tags=(rng.choice(TAGS),), aliases=tuple(draw(2)), content_hash=digest,
        ))
    chapters = [
        Chapter(id=f"ch{c}", title=f"Chapter {c}", topics=tuple(t for t in topics
                                                                if t.chapter_id == f"ch{c}"))
        for c in range(8)
    ]
    return Library(chapters=chapters), words, texts


def typo(rng: random.Random, word: str) -> str:
    """The word with one letter dropped, doubled or swapped."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1 :]


KINDS = ("terms", "terms", "phrase", "prefix", "typo", "filter")
"""The kind of query n of `mixed_queries`: KINDS[n % len(KINDS)]."""


def mixed_queries(rng: random.Random, words: list[str], texts: list[str], count: int) -> list[str]:
    """Terms, phrases, prefixes, typos and filtered queries, in a fixed seeded mix."""
    common = words[:400]
    queries: list[str] = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        if kind == "terms":
            queries.append(" ".join(rng.sample(common, rng.randint(1, 3))))
        elif kind == "phrase":
            text = rng.choice(texts).split()
            start = rng.randrange(len(text) - 2)
            queries.append('"' + " ".join(w.strip(".?") for w in text[start:start + 2]) + '"')
        elif kind == "prefix":
            word = rng.choice([w for w in common if len(w) > 5])
            queries.append(word[: rng.randint(3, 5)] + "*")
        elif kind == "typo":
            queries.append(typo(rng, rng.choice([w for w in common if len(w) > 5])))
        else:
            queries.append(f"difficulty:{rng.choice('EMH')} tag:{rng.choice(TAGS)} "
                           f"{rng.choice(common)}")
    return queries


def scan(texts: list[str], query: str, limit: int = 20) -> list[int]:
    """The reference: every query word as a substring of the lowercased text."""
    needles = [w.strip('"*').lower() for w in query.split() if ":" not in w]
    found = []
    for number, text in enumerate(texts):
        if all(needle in text for needle in needles):
            found.append(number)
            if len(found) >= limit:
                break
    return found


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def directory_size(path: Path) -> int:
    """Total bytes of the files under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


Timing = tuple[float, float]
"""(wall seconds, CPU seconds of this process and the worker processes it waited for)."""


def cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its children that have exited:
    a big build is written by worker processes (`workbench.search.parallel`)."""
    return sum(getattr(resource.getrusage(who), field)
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))


def whoosh_writer_build(library: Library, root: Path) -> Timing:
    """Time to index `library` with Whoosh's own writer (the reference for FastWriter)."""
    root.mkdir(parents=True)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    ix = whoosh_index.create_in(str(root), build_schema())
    writer = ix.writer(limitmb=256)
    for topic in library.topics():
        for document in topic_documents(topic, {}):
            writer.add_document(**document)
    writer.commit()
    return time.perf_counter() - started, cpu_seconds() - cpu_started


def build_ratio(library: Library, docs: int, tmp: Path) -> tuple[Timing, Timing]:
    """(workbench build, Whoosh writer build) on the first `docs` questions.

    Both as wall and CPU time: on a shared machine the wall times wait for a core for
    however long the other loads take then, the CPU times much less so."""
    topics = list(library.topics())
    part = Library(chapters=[Chapter(id="c", title="c", topics=tuple(
        topics[: max(1, docs // max(1, len(topics[0].questions)))]))])
    theirs = whoosh_writer_build(part, tmp / "whoosh")
    started, cpu_started = time.perf_counter(), cpu_seconds()
    SearchIndex.open(part, root=tmp / "ours").close()
    return (time.perf_counter() - started, cpu_seconds() - cpu_started), theirs


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=1_200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--agree", type=int, default=300, metavar="N",
                        help="queries checked against Whoosh's own exhaustive scoring")
    parser.add_argument("--ratio-docs", type=int, default=4000, metavar="N",
                        help="questions built both ways for the writer ratio (0: skip)")
    args = parser.parse_args(argv)
    # As the app runs (`tui.run.prepare_process`): glibc's mmap threshold pinned, so every
    # block of 128 KiB or more a search allocates is mapped and faulted in afresh.
    pinned = return_large_blocks()
    # The build's worker processes import workbench afresh: from bytecode, as installed
    # (where PYTHONDONTWRITEBYTECODE is set, each would compile it from source).
    compileall.compile_dir(Path(workbench.__file__).parent, quiet=1)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    sum(range(3_000_000))
    reference_ms = (time.perf_counter() - started) * 1000
    print(f"machine: summing 3,000,000 integers took {reference_ms:.0f} ms "
          "(figures below scale with it on a shared machine); malloc's mmap threshold "
          + ("pinned as in the app" if pinned else "not pinned (no glibc)"))
    started = time.perf_counter()
    library, words, texts = synthetic_library(args.docs, args.seed)
    print(f"corpus: {args.docs} questions generated in {time.perf_counter() - started:.1f} s")

    with tempfile.TemporaryDirectory(prefix="wb-search-bench-") as tmp:
        ratio = cpu_ratio = 0.0
        if args.ratio_docs:
            mine, whoosh = build_ratio(library, args.ratio_docs, Path(tmp) / "ratio")
            ratio, cpu_ratio = mine[0] / whoosh[0], mine[1] / whoosh[1]
            print(f"build of {args.ratio_docs} questions: {mine[0]:.1f} s, Whoosh's own writer "
                  f"{whoosh[0]:.1f} s (ratio {ratio:.2f}); CPU {mine[1]:.1f} s vs "
                  f"{whoosh[1]:.1f} s (ratio {cpu_ratio:.2f})")
        root = Path(tmp) / "index"
        started, cpu_started = time.perf_counter(), cpu_seconds()
        index = SearchIndex.open(library, root=root)
        build_s = time.perf_counter() - started
        build_cpu_s = cpu_seconds() - cpu_started
        index.close()
        size_mb = directory_size(root) / 1e6
        print(f"build: {build_s:.1f} s ({build_cpu_s:.1f} s of CPU in all processes: a quiet "
              f"machine with a core per worker takes about that divided among them), "
              f"index {size_mb:.1f} MB on disk")

        opens = []
        for _ in range(5):
            started = time.perf_counter()
            index = SearchIndex.open(library, root=root)
            opens.append((time.perf_counter() - started) * 1000)
            assert not index.stats.added and not index.stats.rebuilt, index.stats
            index.close()
        open_ms = statistics.median(opens)
        print(f"open (unchanged corpus, median of 5): {open_ms:.1f} ms")

        index = SearchIndex.open(library, root=root)
        queries = mixed_queries(rng, words, texts, args.queries)
        latencies: list[float] = []
        hits = 0
        ranked: dict[str, list[str]] = {}
        for query in queries:
            started = time.perf_counter()
            results = index.search(query)
            latencies.append((time.perf_counter() - started) * 1000)
            hits += bool(results.hits)
            ranked[query] = [hit.question_id for hit in results.hits]
        p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
        print(f"query: {len(queries)} mixed queries, p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
              f"max {max(latencies):.1f} ms, {hits} with hits")
        for kind in dict.fromkeys(KINDS):
            of_kind = [ms for n, ms in enumerate(latencies) if KINDS[n % len(KINDS)] == kind]
            print(f"  {kind:7}: p50 {percentile(of_kind, 0.5):.2f} ms, "
                  f"p99 {percentile(of_kind, 0.99):.2f} ms, max {max(of_kind):.1f} ms")
        checked = agreed = cut = 0
        whoosh_ms: list[float] = []
        for query in queries[: args.agree]:
            started = time.perf_counter()
            reference = index.whoosh_ranking(query, limit=20)
            whoosh_ms.append((time.perf_counter() - started) * 1000)
            if reference is None:
                continue
            checked += 1
            ours = ranked[query]
            cut += len(ours) < len(reference)
            agreed += ours[:10] == reference[:10]
        agree = agreed / checked if checked else 1.0
        print(f"exhaustive check: {checked} of the first {args.agree} queries scored by Whoosh "
              f"match by match (p50 {percentile(whoosh_ms, 0.5):.1f} ms): top-10 identical "
              f"for {agreed} ({agree:.3f}), {cut} cut short")
        scans = []
        for query in queries:
            started = time.perf_counter()
            scan(texts, query)
            scans.append((time.perf_counter() - started) * 1000)
        scan_p50 = percentile(scans, 0.5)
        print(f"substring scan of the same queries: p50 {scan_p50:.2f} ms, "
              f"p99 {percentile(scans, 0.99):.2f} ms")

        topics = list(library.topics())
        edited = topics[len(topics) // 2]
        first = edited.questions[0]
        question = Question(first.id, first.topic_id, first.title, first.difficulty,
                            first.body + " edited", first.source, first.line)
        edited = replace(edited, questions=(question, *edited.questions[1:]),
                         content_hash=edited.content_hash[::-1])
        chapters = [replace(c, topics=tuple(edited if t.id == edited.id else t
                                            for t in c.topics)) for c in library.chapters]
        started = time.perf_counter()
        stats = index.update(Library(chapters=chapters))
        update_ms = (time.perf_counter() - started) * 1000
        assert stats.updated == [edited.id], stats
        print(f"incremental update of one topic file: {update_ms:.0f} ms")
        index.close()

    print(f"search: docs={args.docs} build_s={build_s:.1f} open_ms={open_ms:.1f} "
          f"p50_ms={p50:.2f} p99_ms={p99:.2f} scan_p50_ms={scan_p50:.2f} "
          f"update_ms={update_ms:.0f} size_mb={size_mb:.1f} build_cpu_s={build_cpu_s:.1f} "
          f"build_ratio={ratio:.2f} build_cpu_ratio={cpu_ratio:.2f} "
          f"ref_ms={reference_ms:.0f} cut={cut} agree={agree:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
