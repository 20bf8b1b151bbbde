"""`quelle eval quotes` and `quelle eval speakers`: measure statements against gold data."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from quelle.errors import BadInput, UnreadableInput

eval_app = typer.Typer(help="Measure quotation attribution and speaker names against gold data.",
                       no_args_is_help=True)


class Progress:
    """A count on stderr for long runs: updated in place on a terminal, every 50 documents otherwise."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.started = total, what, time.perf_counter()
        self.tty = sys.stderr.isatty()

    def step(self, done: int) -> None:
        if self.tty:
            print(f"\r{self.what}: {done}/{self.total}", end="", file=sys.stderr, flush=True)
        elif done % 50 == 0 or done == self.total:
            print(f"{self.what}: {done}/{self.total}", file=sys.stderr, flush=True)

    def close(self) -> None:
        seconds = time.perf_counter() - self.started
        rate = self.total / seconds if seconds > 0 else 0.0
        end = "\n" if self.tty else ""
        print(f"{end}{self.what}: {self.total} documents in {seconds:.1f} s ({rate:.1f} docs/s)", file=sys.stderr)


def run_extractor(gold: list[dict], what: str) -> list[dict]:
    """Predictions for every gold document; failures become recorded errors and the run goes on."""
    from quelle.eval.predictions import predict

    progress = Progress(len(gold), what)
    out = []
    for done, doc in enumerate(gold, 1):
        out.append(predict(doc))
        progress.step(done)
    progress.close()
    return out


@eval_app.command("quotes")
def quotes(
    gold: Annotated[str, typer.Option(help="Gold JSONL in the dataset's shape (a predictions file works too).")],
    predictions: Annotated[str | None, typer.Option(
        help="Score this predictions JSONL instead of running the extractor.")] = None,
    predictions_out: Annotated[str | None, typer.Option(
        help="Write the extractor's predictions here (dataset JSON shape).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N gold documents.")] = None,
    scores_out: Annotated[str | None, typer.Option(help="Also write all figures as JSON here.")] = None,
    show_failures: Annotated[bool, typer.Option(
        "--show-failures", help="List missed, invented and wrongly attributed statements (with the rule) first.")
    ] = False,
) -> None:
    """Score quotations, speakers, cues, frames and addressees; the last line is `joint F1 0.xxx`."""
    from quelle.eval.jsonl import read_jsonl, write_jsonl
    from quelle.eval.quotes import format_scores, score

    gold_docs = read_jsonl(gold, limit=limit)
    if predictions_out:
        write_jsonl(predictions_out, [])  # fail before a long run if the file cannot be written
    if predictions is not None:
        system_docs = read_jsonl(predictions)
    else:
        missing = [d["documentName"] for d in gold_docs if "originalText" not in d or "tokens" not in d]
        if missing:
            raise BadInput(f"{gold}: {len(missing)} documents have no originalText/tokens to run the extractor on "
                           f"(first: {missing[0]!r}); use --predictions to score existing predictions")
        system_docs = run_extractor(gold_docs, "eval quotes")
    if predictions_out:
        write_jsonl(predictions_out, system_docs)
    errors = [d for d in system_docs if d.get("error")]
    try:
        scores = score(gold_docs, system_docs)
        unpaired = score(gold_docs, system_docs, keep_zero_pairs=False)
    except ValueError as err:
        raise BadInput(str(err)) from None
    differing = sum(1 for d in system_docs if d.get("sourceTextDiffers"))
    if differing:
        print(f"note {differing} documents had a source_text different from originalText (offsets aligned)")
    if errors:
        print(f"errors {len(errors)} documents failed (first: {errors[0]['documentName']}: "
              f"{errors[0]['error'].get('message')})")
    if scores_out:
        import json
        from pathlib import Path

        figures = {**scores.as_dict(), "errors": len(errors),
                   "joint_without_zero_overlap_pairs": unpaired.joint[2]}
        try:
            Path(scores_out).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        except OSError as err:
            raise UnreadableInput(f"{scores_out}: cannot write ({err.strerror})") from None
    if show_failures:
        from quelle.eval.failures import failure_lines

        for line in failure_lines(gold_docs, system_docs):
            print(line)
    lines = format_scores(scores)
    lines.insert(-1, f"diagnostic: joint F1 {unpaired.joint[2]:.3f} if zero-overlap pairs were left unpaired "
                     "(not the published method)")
    for line in lines:
        print(line)


@eval_app.command("speakers")
def speakers(
    gold: Annotated[str, typer.Option(help="Gold JSONL with the documents (e.g. the dataset's dev.jsonl).")],
    set_: Annotated[str | None, typer.Option("--set", help=(
        "Speaker set TSV (document, annotation, start, end, kind, name). Default: the gold file's own "
        "speakerName fields when it has them, else the packaged speaker_resolution_dev.tsv."))] = None,
    show_failures: Annotated[bool, typer.Option("--show-failures", help="List every wrong item first.")] = False,
) -> None:
    """Accuracy of speaker.name for pronoun, role-noun and surname mentions; the last line is the exact accuracy."""
    from quelle.eval.jsonl import read_jsonl
    from quelle.eval.speakers import evaluate, format_failures, format_scores, items_from_gold, read_set

    gold_docs = read_jsonl(gold)
    items = read_set(set_) if set_ is not None else (items_from_gold(gold_docs) or read_set())
    if not items:
        raise BadInput("the speaker set is empty")
    documents = {item.document for item in items}
    progress = Progress(len(documents), "eval speakers")
    scores = evaluate(gold_docs, items, progress=progress.step)
    progress.close()
    for error in scores.errors[:5]:
        print(f"error {error}")
    if show_failures:
        for line in format_failures(scores, gold_docs):
            print(line)
    for line in format_scores(scores):
        print(line)


@eval_app.command("provenance")
def provenance(
    manifest: Annotated[str, typer.Option(help="Manifest TSV (id, url, true_origin_outlet, is_republication, "
                                               "translated_from, story_group, evidence ...).")],
    texts: Annotated[str, typer.Option(help="Folder with one <id>.txt a manifest row (a missing text is a miss).")],
    show_failures: Annotated[bool, typer.Option("--show-failures", help="List every failing row first.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print all figures (and failures) as JSON.")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Ingest worker processes.")] = 2,
) -> None:
    """Origin, controls, copy pairs, republished and translated-from on real labelled pages."""
    from pathlib import Path

    from quelle.eval.provenance_manifest import read_manifest
    from quelle.eval.provenance_run import read_texts, run_pipeline
    from quelle.eval.provenance_score import format_scores, pair_failures, score

    if not Path(manifest).is_file():
        raise UnreadableInput(f"{manifest}: no such manifest")
    if not Path(texts).is_dir():
        raise UnreadableInput(f"{texts}: no such folder of texts")
    try:
        rows = read_manifest(manifest)
    except (ValueError, UnicodeDecodeError) as err:
        raise BadInput(f"{manifest}: not a provenance manifest: {err}") from None
    if not rows:
        raise BadInput(f"{manifest}: the manifest has no rows")
    found = read_texts(rows, texts)
    progress = Progress(len(found), "eval provenance")
    done = [0]

    def step(count: int, _failed: int) -> None:
        done[0] += count
        progress.step(done[0])

    predictions, failed = run_pipeline(rows, found, workers=workers, progress=step)
    progress.close()
    scores = score(rows, predictions)
    failures = scores.failures + pair_failures(rows, predictions)
    if json_out:
        import json

        figures = scores.to_dict()
        figures["failures"] = [{"id": f.id, "figure": f.figure, "expected": f.expected, "got": f.got}
                               for f in failures] if show_failures else []
        figures["documents"] = {"rows": len(rows), "texts": len(found), "failed": failed}
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    if show_failures:
        for f in failures:
            print(f"fail {f.figure:11s} {f.id:10s} expected {f.expected}  got {f.got}")
    print(f"manifest {manifest}: {len(rows)} rows, {len(found)} texts, {failed} failed in the pipeline")
    for line in format_scores(scores):
        print(line)


@eval_app.command("build-english")
def build_english(
    texts: Annotated[str, typer.Option(help="Folder of the rebuilt Wikinews texts (<id>.txt); docs/statements.md.")],
    out: Annotated[str, typer.Option(help="Folder to write dev.jsonl and heldout.jsonl into.")],
    annotations: Annotated[str | None, typer.Option(
        help="Annotation records (default: the packaged english_wikinews.jsonl).")] = None,
) -> None:
    """Rebuild the English Wikinews gold set (German dataset shape) from committed offsets and the texts."""
    from quelle.eval.english_real import build, read_annotations, write_split_files

    records = read_annotations(annotations)
    result = build(records, texts)
    for problem in result.problems:
        print(f"problem {problem}")
    if not any(result.documents.values()):
        raise UnreadableInput(f"{texts}: no annotated text could be used ({len(result.problems)} problems)")
    paths = write_split_files(result, out)
    for split, path in paths.items():
        docs = result.documents[split]
        print(f"{split}: {len(docs)} articles, {sum(len(d['annotations']) for d in docs)} attributions -> {path}")


def register(app: typer.Typer) -> None:
    from quelle.cli.copies_cmds import eval_copies  # issue 5: `quelle eval copies` (also `quelle eval-copies`)

    eval_app.command("copies")(eval_copies)
    app.add_typer(eval_app, name="eval")
