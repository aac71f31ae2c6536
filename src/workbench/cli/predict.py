"""`workbench predict [DEMO|ID]`: predict what a demo will do, then see it run (issue 14).

Input is line by line, so it can be piped: a line with an option number (or, where the
question asks for one, a number) answers; `q` quits; end of input stops cleanly. Each
answer is recorded as a review of the prediction's study card (right = good, wrong =
again) unless `--no-record`.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING, Any

from workbench.cli.common import CommandError, add_command, console, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from workbench.demos.predictions import Outcome, Prediction
    from workbench.study.store import Store

PLOT_SIZE = (80, 20)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `predict` subcommand."""
    parser = add_command(subparsers, "predict",
                         "predict what a demo will do after a change, then see it run")
    parser.add_argument("target", nargs="?", metavar="DEMO|ID",
                        help="a demo (all its predictions) or one prediction id; "
                        "default: every prediction")
    parser.add_argument("--list", action="store_true", help="list the predictions")
    parser.add_argument("--json", action="store_true",
                        help="print JSON (with an answer piped in: the outcome)")
    parser.add_argument("--seed", metavar="N", help="run the demo with this seed")
    parser.add_argument("--plot", action="store_true", help="draw the demo after the change")
    parser.add_argument("--no-record", action="store_true",
                        help="do not record the answer as a review")
    parser.set_defaults(func=run)


def _select(target: str | None) -> tuple[Prediction, ...]:
    from workbench.demos.predictions import all_predictions, get_prediction, predictions_for

    if target is None:
        return all_predictions()
    if (one := get_prediction(target)) is not None:
        return (one,)
    if found := predictions_for(target):
        return found
    raise CommandError(f"no demo or prediction '{target}' (see: workbench predict --list)")


def _seed(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        seed = int(text)
    except ValueError:
        seed = -1
    if not 0 <= seed < 2**63:
        raise CommandError(f"--seed must be a whole number from 0, not {text!r}")
    return seed


def describe(p: Prediction) -> dict[str, Any]:
    """A prediction as listed by `--list --json`."""
    return {"id": p.id, "demo": p.demo, "question": p.question, "options": list(p.options),
            "numeric": p.numeric, "tolerance": p.tolerance if p.numeric else None,
            "passage": p.passage}


def parse_answer(p: Prediction, line: str) -> float | None:
    """The learner's answer from a typed line, or None when it is not one."""
    text = line.strip()
    if p.numeric:
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    if text.isdigit() and 1 <= int(text) <= len(p.options):
        return int(text)
    return None


def hint(p: Prediction) -> str:
    if p.numeric:
        return f"Type a number (within {p.tolerance:g}), q to quit."
    return f"Type 1-{len(p.options)}, q to quit."


def outcome_json(p: Prediction, chosen: float, outcome: Outcome, recorded: bool) -> dict[str, Any]:
    """What `predict ID --json` prints for one answer."""
    from workbench.demos.predictions import grade, is_right

    return {"id": p.id, "chosen": chosen,
            "answer": outcome.value if p.numeric else outcome.answer,
            "right": is_right(chosen, outcome), "value": outcome.value,
            "observed": outcome.observed, "explanation": outcome.explanation,
            "passage": p.passage, "seed": outcome.seed, "rating": grade(chosen, outcome),
            "recorded": recorded}


def _record(store: Store | None, p: Prediction, rating: int) -> bool:
    if store is None:
        return False
    from workbench.study.prediction_cards import record_answer

    record_answer(store, p.card_id, rating)
    return True


def _outcome(p: Prediction, seed: int | None) -> Outcome:
    from workbench.demos.predictions import PredictionError, run_prediction

    try:
        return run_prediction(p, seed)
    except PredictionError as exc:
        raise CommandError(str(exc), 1) from None


def show_question(out: Console, p: Prediction, index: int, total: int) -> None:
    from rich.text import Text

    from workbench.demos.predictions import plain_text

    out.print()
    out.print(Text(f"{p.demo} · prediction {index} of {total}", style="dim"))
    out.print(Text(plain_text(p.question), style="bold"))
    for number, option in enumerate(p.options, 1):
        out.print(Text(f"  {number}. {plain_text(option)}"))


def show_outcome(out: Console, p: Prediction, chosen: float, outcome: Outcome,
                  plot: bool) -> None:
    from rich.text import Text

    from workbench.demos.predictions import is_right, plain_text

    if plot:
        from workbench.demos.plot import render_text

        out.print(Text(render_text(outcome.after, *PLOT_SIZE, color=False).rstrip("\n")))
    right = is_right(chosen, outcome)
    verdict = "Right" if right else "Not quite"
    answer = (f"{outcome.value:.3g}{p.unit}" if p.numeric
              else f"{outcome.answer}. {plain_text(outcome.answer_text)}")
    out.print(Text(f"{verdict}: {answer}", style="bold green" if right else "bold red"))
    out.print(Text(f"What happened: {plain_text(outcome.observed)}"))
    out.print(Text(f"Why: {plain_text(outcome.explanation)}"))
    if p.passage:
        out.print(Text(f"In the notes: {p.passage}", style="dim"))


def _read(out: Console, prompt: str) -> str | None:
    out.print(prompt, style="dim")
    line = sys.stdin.readline()
    return None if line == "" else line.strip()


def _loop(out: Console, predictions: tuple[Prediction, ...], seed: int | None,
          store: Store | None, plot: bool) -> int:
    from workbench.demos.predictions import grade

    answered = 0
    for index, p in enumerate(predictions, 1):
        show_question(out, p, index, len(predictions))
        while True:
            line = _read(out, hint(p))
            if line is None or line.lower() == "q":
                return answered
            chosen = parse_answer(p, line)
            if chosen is not None:
                break
            out.print(f"Not an answer: {line!r}", style="dim")
        outcome = _outcome(p, seed)
        show_outcome(out, p, chosen, outcome, plot)
        _record(store, p, grade(chosen, outcome))
        answered += 1
    return answered


def _answer_json(predictions: tuple[Prediction, ...], seed: int | None,
                 store: Store | None) -> list[dict[str, Any]]:
    from workbench.demos.predictions import grade

    results = []
    for p in predictions:
        line = sys.stdin.readline()
        if line == "" or line.strip().lower() == "q":
            break
        chosen = parse_answer(p, line)
        if chosen is None:
            raise CommandError(f"{p.id}: expected {hint(p).split(',')[0].lower()[5:]}, "
                               f"got {line.strip()!r}")
        outcome = _outcome(p, seed)
        recorded = _record(store, p, grade(chosen, outcome))
        results.append(outcome_json(p, chosen, outcome, recorded))
    return results


def run(args: argparse.Namespace) -> int:
    """List predictions, or ask them and show what the demo did."""
    predictions = _select(args.target)
    if args.list:
        if args.json:
            print_json([describe(p) for p in predictions])
        else:
            from rich.text import Text

            from workbench.demos.predictions import plain_text

            out = console()
            for p in predictions:
                out.print(Text(f"{p.id}  {plain_text(p.question)}"), soft_wrap=True)
        return 0
    seed = _seed(args.seed)
    from contextlib import nullcontext

    from workbench.cli._study import open_store

    with (nullcontext() if args.no_record else open_store()) as store:
        if args.json:
            results = _answer_json(predictions, seed, store)
            print_json(results[0] if len(predictions) == 1 and results else results)
            return 0
        out = console()
        answered = _loop(out, predictions, seed, store, args.plot)
        if store is not None:
            out.print(f"Recorded {answered} prediction(s).")
    return 0
