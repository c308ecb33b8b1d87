"""The ``budgetlens`` command line: one app, one sub-command per stage.

Every command takes ``--home DIR`` (else ``$BUDGETLENS_HOME``, else ``./.budgetlens``).
Bad input files are reported one line each (``error: PATH: reason``) and make the exit
status non-zero; the rest of the batch is processed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from budgetlens import settings as settings_mod
from budgetlens.errors import BudgetlensError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Chinese budget and final-account filings as cited, checked data.")

HomeOpt = Annotated[Optional[Path], typer.Option("--home", help="Workspace folder (default $BUDGETLENS_HOME or ./.budgetlens).")]


def _settings(home: Path | None):
    settings = settings_mod.load(home)
    where = Path(settings.home)
    if where.exists() and not where.is_dir():
        raise UsageError(f"{where}: the workspace (--home / $BUDGETLENS_HOME) is a file, not a folder")
    return settings


def _output_folder(out: Path) -> None:
    """``out`` can hold outputs: a folder, or creatable as one; else one error line."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: --out is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"{out}: cannot write there ({exc.strerror or exc})") from exc


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe for one terminal line: control characters (C0, DEL, C1: a newline that
    would forge another ``error:`` line, an ANSI or 8-bit CSI escape), format characters (a
    right-to-left override that reorders the line) and bytes of a name that is not UTF-8
    are shown escaped, never sent to the terminal::

        printable("x\nerror: y\x1b[31m.txt")  → 'x\\nerror: y\\x1b[31m.txt'
        printable("evil\u202etxt.pdf")         → 'evil\\u202etxt.pdf'
        printable("bad\udcff.txt")             → 'bad\\xff.txt'   (the name's byte 0xff)
    """
    import unicodedata

    out = []
    for ch in text:
        o = ord(ch)
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif o < 0x20 or 0x7f <= o < 0xa0:
            out.append(f"\\x{o:02x}")
        elif 0xdc80 <= o <= 0xdcff:  # an undecodable byte, as os.fsdecode keeps it
            out.append(f"\\x{o - 0xdc00:02x}")
        elif unicodedata.category(ch) in ("Cf", "Cs", "Co", "Cn") and o > 0xff:
            out.append(f"\\u{o:04x}" if o <= 0xffff else f"\\U{o:08x}")
        else:
            out.append(ch)
    return "".join(out)


def _err(message: str) -> None:
    """One line on stderr, made ``printable``."""
    typer.echo(printable(message), err=True)


def _run_batch(paths: list[Path], settings, *, quiet: bool = False, on_stored=None):
    """Every file through the one processing entry, in a workspace held for writing.
    ``on_stored(store, outcome)`` hears each file stored (or found stored) as it comes,
    while the workspace is held: ``extract`` reads its lines then, as the others are read."""
    import time

    from tqdm import tqdm

    from budgetlens.ingest import iter_inputs
    from budgetlens.pipeline import BatchReport, Outcome, Processor

    files = iter_inputs(paths)
    report = BatchReport()
    for folder in [p for p in paths if os.path.isdir(p) and not iter_inputs([p])]:  # said, never skipped quietly
        _err(f"error: {folder}: no filings in this folder (.pdf, .docx, .txt)")
        report.outcomes.append(Outcome(str(folder), "failed", error=f"{folder}: no filings in this folder",
                                       reason_code="empty_folder"))
    started = time.perf_counter()
    with Processor(settings) as processor:
        if processor.repaired:
            _err(f"repaired the workspace: {processor.repaired}")
        report.repaired = processor.repaired
        bar = tqdm(total=len(files), unit="file", disable=quiet or not files, file=sys.stderr,
                   dynamic_ncols=True, leave=False)
        try:
            for outcome in processor.process_files(files):
                bar.set_postfix_str(printable(Path(outcome.path).name[-40:]))
                bar.update()
                report.outcomes.append(outcome)
                if on_stored is not None and outcome.doc_id:
                    on_stored(processor.store, outcome)
                if outcome.status == "failed":
                    bar.clear()
                    _err(f"error: {outcome.error}")
        finally:  # a full disk or a silent server stops the batch: its one line starts a line
            bar.close()
        order = {str(path): i for i, path in enumerate(files)}  # the report lists files as given
        report.outcomes.sort(key=lambda o: order.get(o.path, len(order)))
    report.seconds = time.perf_counter() - started
    return report


@app.command()
def ingest(paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive).")],
           home: HomeOpt = None) -> None:
    """Read, extract, check and index filings (PDF, scanned PDF, .docx, text)."""
    settings = _settings(home)
    report = _run_batch(paths, settings)
    typer.echo(report.summary())
    if report.failures:
        raise typer.Exit(1)


@app.command()
def docs(home: HomeOpt = None,
         as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False) -> None:
    """List the stored documents, one line each."""
    from budgetlens.store import Store

    settings = _settings(home)
    if not settings.db_path.exists():
        typer.echo("no documents (workspace is empty)")
        return
    from budgetlens.pipeline import fingerprint

    version = fingerprint(settings)
    with Store(settings.db_path, readonly=True) as store:
        records = store.documents()
        fails = store.failed_check_counts()
    for r in records:
        if as_json:
            typer.echo(json.dumps({"doc_id": r.doc_id, "name": r.name, "path": r.path, "media": r.media,
                                   "pages": r.pages, "ocr_pages": r.ocr_pages, "tables": r.tables,
                                   "entity": r.entity, "fiscal_year": r.fiscal_year,
                                   "doc_type": r.doc_type, "failed_checks": fails.get(r.doc_id, 0),
                                   "stale": r.extractor_version != version},
                                  ensure_ascii=False))
        else:
            typer.echo(f"{r.doc_id}  {r.name}  {r.media} {r.pages}p"
                       f"{f' ({r.ocr_pages} OCR)' if r.ocr_pages else ''}  tables={r.tables}  "
                       f"{r.entity or '?'} {r.fiscal_year or '?'} {r.doc_type or '?'}  "
                       f"failed checks={fails.get(r.doc_id, 0)}"
                       f"{'  stale' if r.extractor_version != version else ''}")
    if not as_json:
        stale = sum(r.extractor_version != version for r in records)
        typer.echo(f"{len(records)} document(s)" + (f", {stale} stale (re-ingest or run doctor)" if stale else ""))


@app.command()
def extract(paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive).")],
            out: Annotated[Optional[Path], typer.Option("--out", help="Write one contract JSON line per document.")] = None,
            home: HomeOpt = None) -> None:
    """Extract the standard tables and key figures (ingesting what is not yet ingested)."""
    from budgetlens.store import Store

    settings = _settings(home)
    read: dict = {}  # doc_id -> its filing as stored, read while the other files are analysed

    def keep(store, outcome) -> None:
        if outcome.doc_id not in read:
            read[outcome.doc_id] = store.filing(outcome.doc_id)

    report = _run_batch(paths, settings, on_stored=keep)
    done = list(dict.fromkeys(o.doc_id for o in report.outcomes if o.doc_id))  # one line per document
    missing = [doc_id for doc_id in done if doc_id not in read]
    if missing:
        with Store(settings.db_path, readonly=True) as store:
            read.update((doc_id, store.filing(doc_id)) for doc_id in missing)
    filings = [f for f in (read[doc_id] for doc_id in done) if f is not None]
    if out is not None:
        _write_out(out, "".join(filing.model_dump_json(exclude_none=True) + "\n" for filing in filings))
        typer.echo(f"wrote {len(filings)} document(s) to {out}")
    else:
        for filing in filings:
            typer.echo(_filing_summary(filing))
    typer.echo(report.summary(), err=out is None)
    if report.failures:
        raise typer.Exit(1)


def _write_out(out: Path, text: str) -> None:
    """``--out`` written whole, or one error line: a full disk, a folder, no permission."""
    from budgetlens.workspace import atomic_write, disk_full, out_of_space

    try:
        atomic_write(out, text)
    except OSError as exc:
        if out_of_space(exc, out.parent):
            raise disk_full(out, "writing --out") from None
        raise UsageError(f"{out}: cannot write --out ({exc.strerror or exc})") from None


def _filing_summary(filing) -> str:
    from collections import Counter

    statuses = Counter(c.status for c in filing.checks)
    lines = [f"{filing.source.path}  [{filing.doc_id}]",
             f"  {filing.entity or '?'}  {filing.fiscal_year or '?'}  {filing.doc_type or '?'}"]
    for t in filing.tables:
        n = sum(len(r.cells) for r in t.rows)
        state = "published empty" if t.empty else f"{len(t.rows)} rows, {n} cells"
        lines.append(f"  {t.table_id} {t.title or ''} ({t.unit}, p.{','.join(map(str, t.pages))}): {state}")
    for name, kf in filing.key_figures.items():
        lines.append(f"  {name} = {kf.value:g} {kf.unit}  (p.{kf.citation.page}: {kf.citation.quote[:60]})")
    if filing.unmapped:
        lines.append(f"  unmapped: {len(filing.unmapped)} row(s)/column(s) (see JSON)")
    lines.append("  checks: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    return "\n".join(lines)


@app.command()
def check(ref: Annotated[str, typer.Argument(help="A file path, or a stored doc_id / file name.")],
          as_json: Annotated[bool, typer.Option("--json")] = False,
          home: HomeOpt = None) -> None:
    """Report the checks of one filing: fails first, each with the pages to look at."""
    from budgetlens.store import Store
    from budgetlens.checks.across import across_for, format_across
    from budgetlens.checks.report import format_report

    settings = _settings(home)
    doc_id = None
    if Path(ref).is_file():
        report = _run_batch([Path(ref)], settings, quiet=True)
        if report.failures:
            _err(f"error: {report.failures[0].error}")
            raise typer.Exit(1)
        doc_id = report.outcomes[0].doc_id
    with Store(settings.db_path, readonly=True) as store:
        rec = store.find(doc_id or ref)
        filing = store.filing(rec.doc_id) if rec else None
        across = across_for(filing, store.filings()) if filing is not None else []
    if filing is None:
        _err(f"error: {ref}: no such file or stored document")
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps([c.model_dump(exclude_none=True) for c in filing.checks],
                              ensure_ascii=False, indent=1))
    else:
        typer.echo(format_report(filing, filing.checks) + format_across(across))
    if any(c.status == "fail" for c in filing.checks):
        raise typer.Exit(1)


@app.command()
def tour(home: HomeOpt = None) -> None:
    """What was read from the stored filings: key figures with pages, checks, an example answer."""
    from budgetlens.tour import first_run_report

    typer.echo(first_run_report(_settings(home)), nl=False)


@app.command()
def ask(question: Annotated[str, typer.Argument(help="A question in Chinese, e.g. 镇安县医保局2023年公务接待费是多少？")],
        as_json: Annotated[bool, typer.Option("--json", help="The contract's JSON answer.")] = False,
        session: Annotated[Optional[str], typer.Option(
            "--session", help="A conversation name: a follow-up (那2024年呢？) reuses the previous turn.")] = None,
        home: HomeOpt = None) -> None:
    """Answer a question from the stored filings, with citations."""
    from budgetlens.qa import Asker
    from budgetlens.qa.session import load_state, save_state

    settings = _settings(home)
    llm = None
    if settings.llm:
        from budgetlens.llm import create_chat_model

        llm = create_chat_model(settings)
    asker = Asker(settings, llm=llm)  # a reader: no lock, nothing of the workspace written
    try:
        if session:
            conv = asker.conversation(load_state(settings.home, session))
            answer = conv.ask(question)
            save_state(settings.home, session, conv.to_dict())
        else:
            answer = asker.ask(question)
    finally:
        asker.close()
    if as_json:
        typer.echo(answer.model_dump_json(indent=1))
        return
    typer.echo(answer.answer)
    from budgetlens.tour import citation_line

    for i, c in enumerate(answer.citations, 1):
        typer.echo(citation_line(i, c, most=100))
    if not answer.verified:
        typer.echo(f"  (unverified numbers: {', '.join(answer.unverified_numbers)})")


@app.command()
def doctor(home: HomeOpt = None,
           dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; change nothing.")] = False) -> None:
    """Find and repair what a crash left between the fact store and the index; recompute stale documents."""
    from budgetlens import repair
    from budgetlens.pipeline import Processor, fingerprint
    from budgetlens.store import Store

    settings = _settings(home)
    if not settings.db_path.exists():
        typer.echo("no documents (workspace is empty)")
        return
    if dry_run:
        from budgetlens.index import Index

        with Store(settings.db_path, readonly=True) as store:
            found = repair.check(store, Index(settings, readonly=True))
            stale = store.stale(fingerprint(settings))
        typer.echo(("consistent" if found.clean else f"found {found.summary()}")
                   + f"; {len(stale)} stale document(s)")
        raise typer.Exit(0 if found.clean and not stale else 1)
    with Processor(settings) as processor:  # opening it repairs what its quick check sees
        found = repair.repair(processor.store, processor.index)
        repaired = processor.repaired or (None if found.clean else found.summary())
        stale = processor.store.stale(processor.version)
        redone, gone = 0, 0
        for rec in stale:
            paths = [Path(p) for p in processor.store.paths_of(rec.doc_id) if Path(p).is_file()]
            outcome = processor.process_file(paths[0]) if paths else None
            if outcome is not None and outcome.status != "failed":
                redone += 1
            else:
                gone += 1
                if outcome is not None:
                    _err(f"error: {outcome.error}")
    typer.echo(("consistent" if repaired is None else f"repaired {repaired}")
               + f"; {len(stale)} stale, {redone} recomputed"
               + (f", {gone} kept (file gone or failing)" if gone else ""))


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files (recursive).")] = Path("samples"),
    docs: Annotated[Optional[Path], typer.Option("--docs", help="Where the documents are (default: beside each gold file).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for scores.json and report.md.")] = Path("eval/runs/latest"),
    compare: Annotated[Optional[Path], typer.Option("--compare", help="A saved scores.json (or its folder) to compare with.")] = None,
    thresholds: Annotated[Optional[Path], typer.Option("--thresholds", help="TOML of minimum scores; exit 1 below them.")] = None,
    suite: Annotated[str, typer.Option("--suite", help="Section of the thresholds file to enforce.")] = "default",
    questions: Annotated[Optional[Path], typer.Option("--questions", help="Question set with gold answers (eval/questions/questions.json).")] = None,
    coverage: Annotated[Optional[Path], typer.Option("--coverage", help="A folder of filings: the gold-free reading report (coverage.json, coverage.md).")] = None,
    split: Annotated[str, typer.Option("--split", help="With --coverage: dev, test or all (eval/split.tsv).")] = "all",
    from_jsonl: Annotated[Optional[Path], typer.Option("--from-jsonl", help="With --coverage: reuse saved filings (extract --out, or a previous OUT/filings.jsonl).")] = None,
    workers: Annotated[int, typer.Option("--workers", help="With --coverage: extraction processes (at most 2).")] = 2,
    journalists: Annotated[Optional[list[Path]], typer.Option(
        "--journalists", help="Journalists' question sets (eval/questions/journalists_*.json); the filings "
                              "they name must be ingested in --home (python -m budgetlens.eval.jws).")] = None,
    all_journalists: Annotated[bool, typer.Option(
        "--journalists-all", help="Every journalists' question set shipped in eval/questions.")] = False,
    mutations: Annotated[bool, typer.Option(
        "--mutations", help="Mutated journalists' questions (eval.mutate): numbers stated that the filings "
                            "do not print; --split dev|test|all picks the part.")] = False,
    probes: Annotated[Optional[str], typer.Option(
        "--probes", help="A probe of the answerer made from the filings themselves, not the question sets: "
                         "'why' (eval.probe_why: reasons of changes found in the raw page text) or 'names' "
                         "(eval.probe_names: short names of the bodies, asked back when they fit several), 'checks' "
                         "(eval.probe_checks: stated changes and rates checked, as printed and with a figure changed) "
                         "'rows' (eval.probe_rows: any printed row or key figure, cited on its page) or 'phrasing' "
                         "(eval.probe_phrasing: the journalists' questions reworded, the gold unchanged) or 'absent' "
                         "(eval.probe_absent: what a filing does not print, asked: any number is wrong) or 'stated' "
                         "(eval.probe_stated: amounts and counts the narrative's sentences state, cited on their page) "
                         "or 'computed' (eval.probe_computed: differences, shares, sums and changes of printed rows); "
                         "--split picks the part.")] = None,
    home: HomeOpt = None,
) -> None:
    """Score extraction against gold fixtures (and answers to a question set); write scores.json and report.md.

    With ``--coverage DIR``: no gold; what each filing prints against what was read. With
    ``--journalists``: the journalists' question sets over the filings ingested in --home."""
    if coverage is not None:
        _coverage(coverage, out, split, from_jsonl, workers)
        return
    if probes is not None:
        from budgetlens.eval import (probe_absent, probe_checks, probe_computed, probe_names, probe_phrasing,
                                     probe_rows, probe_stated, probe_why)

        probe = {"why": probe_why, "names": probe_names, "checks": probe_checks, "rows": probe_rows,
                 "phrasing": probe_phrasing, "absent": probe_absent, "stated": probe_stated,
                 "computed": probe_computed}.get(probes)
        if probe is None:
            raise UsageError(f"--probes {probes}: the probes known are 'why', 'names', 'checks', 'rows', "
                             "'phrasing', 'absent', 'stated' and 'computed'")
        parts = ("dev", "test") if split == "all" else (split,)
        typer.echo(probe.evaluate(_settings(home), parts=parts, out=out)["markdown"])
        return
    if mutations:
        from budgetlens.eval.mutate import evaluate as evaluate_mutations

        parts = ("dev", "test") if split == "all" else (split,)
        typer.echo(evaluate_mutations(_settings(home), list(journalists or []) or None, parts=parts, out=out)["markdown"])
        return
    if journalists or all_journalists:
        from budgetlens.eval.journalists import default_files, evaluate as evaluate_journalists, markdown

        scores = evaluate_journalists(_settings(home), list(journalists or []) or default_files(), out=out)
        typer.echo(markdown(scores))
        return
    from budgetlens.eval.harness import evaluate, side_by_side, side_by_side_lines, write_scores
    from budgetlens.eval.report import load_scores, thresholds_failed, write_report

    settings = _settings(home)
    if not gold.is_dir():
        raise UsageError(f"--gold {gold}: not a folder")
    if questions is not None and not questions.is_file():
        raise UsageError(f"--questions {questions}: no such file")
    model = None
    if settings.llm:  # with an LLM configured, the same run compares rules and rules + LLM
        from budgetlens.llm import create_chat_model

        model = create_chat_model(settings)
        result = side_by_side(gold, docs, settings, model)
    else:
        result = evaluate(gold, docs, settings)
    if questions is not None:
        from budgetlens.eval.answers import default_corpora, evaluate_answers

        root = Path(__file__).resolve().parents[1]
        corpora = default_corpora(root, docs, gold)
        result["answers"] = evaluate_answers(questions, settings.scoped(llm=""), corpora)
        if model is not None:
            result["answers_llm"] = evaluate_answers(questions, settings, corpora, llm=model)
    write_scores(result, out)
    baseline = load_scores(compare) if compare else None
    report = write_report(result, out, baseline)
    if questions is not None:
        from budgetlens.eval.answers import report_lines

        with report.open("a", encoding="utf-8") as fh:
            fh.write("\n" + "\n".join(report_lines(result["answers"])) + "\n")
    if "llm" in result:
        with report.open("a", encoding="utf-8") as fh:
            fh.write("\n" + "\n".join(side_by_side_lines(result)) + "\n")
    if "answers_llm" in result:
        from budgetlens.eval.answers import report_lines

        with report.open("a", encoding="utf-8") as fh:
            fh.write("\n## Answers with the LLM wording them\n\n"
                     + "\n".join(report_lines(result["answers_llm"])) + "\n")
    o = result["overall"]
    typer.echo(f"cell P/R/F1 {o['cell_precision']:.4f}/{o['cell_recall']:.4f}/{o['cell_f1']:.4f}; "
               f"key figures {o['key_figures_correct']}/{o['key_figures_total']}; "
               f"{o['documents']} document(s); report: {report}")
    if questions is not None:
        a = result["answers"]
        kinds = ", ".join(f"{k} {s['correct']}/{s['n']}" for k, s in a["per_kind"].items())
        typer.echo(f"answers {a['overall']['correct']}/{a['overall']['n']} correct ({kinds}); "
                   f"lookups cited right {a['overall']['cited_right']}/{a['overall']['cited_total']}; "
                   f"p50 {a['overall']['seconds_p50']} s")
    if thresholds is not None:
        failed = thresholds_failed(result, thresholds, suite)
        for line in failed:
            _err(f"below threshold: {line}")
        if failed:
            raise typer.Exit(1)


def _coverage(folder: Path, out: Path, split: str, from_jsonl: Path | None, workers: int) -> None:
    from tqdm import tqdm

    from budgetlens.eval import coverage as cov
    from budgetlens.eval.coverage_report import summary_text

    if not folder.is_dir():
        raise UsageError(f"--coverage {folder}: not a folder")
    if split not in {"dev", "test", "all"}:
        raise UsageError(f"--split {split}: use dev, test or all")
    if from_jsonl is not None and not from_jsonl.is_file():
        raise UsageError(f"--from-jsonl {from_jsonl}: no such file")
    if out == Path("eval/runs/latest"):
        out = Path("eval/runs/coverage")
    files = cov.list_files(folder, split)
    bar = tqdm(total=len(files), unit="file", file=sys.stderr, dynamic_ncols=True, leave=False)
    try:
        report = cov.run(folder, cov.Options(split=split, workers=workers), from_jsonl,
                         progress=lambda path: bar.update(1))
    finally:
        bar.close()
    path = cov.write(report, out)
    typer.echo(summary_text(report))
    typer.echo(f"report: {path}")


@app.command()
def bulk(
    source: Annotated[Path, typer.Argument(help="A folder of filings (recursive) or a manifest (one path per line).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (resumable: re-running skips what is done).")],
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.")] = 1,
    executor: Annotated[str, typer.Option("--executor", help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); default a local cluster.")] = None,
    timeout: Annotated[Optional[float], typer.Option("--timeout", help="Seconds allowed per document (default $BUDGETLENS_DOC_SECONDS or 300).")] = None,
    memory_mb: Annotated[Optional[int], typer.Option("--memory-mb", help="Resident MiB allowed per document (default $BUDGETLENS_DOC_MEMORY_MB or 2048).")] = None,
    max_pages: Annotated[Optional[int], typer.Option("--max-pages", help="Longer documents are refused (default $BUDGETLENS_MAX_PAGES or 2000).")] = None,
    coverage: Annotated[bool, typer.Option("--coverage/--no-coverage", help="Add each document's reading coverage (printed amounts keyed) to the summary.")] = True,
) -> None:
    """Extract and check many filings in parallel into DIR: filings.jsonl, cells.csv/.parquet, checks.csv."""
    from tqdm import tqdm

    from budgetlens.bulk.job import BulkJob, JobOptions

    if executor not in {"local", "dask"}:
        raise UsageError(f"--executor {executor}: use local or dask")
    if not source.exists():
        raise UsageError(f"{source}: no such file or folder")
    if source.is_dir():
        from budgetlens.ingest import iter_inputs

        if not iter_inputs([source]):
            raise UsageError(f"{source}: no filings in this folder (.pdf, .docx, .txt)")
    _output_folder(out)
    document_coverage = None
    if coverage:
        from budgetlens.eval.coverage import bulk_document as document_coverage
    job = BulkJob(out, JobOptions(workers=workers, executor=executor, scheduler=scheduler,
                                  timeout=timeout, memory_mb=memory_mb, max_pages=max_pages),
                 coverage=document_coverage)
    bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)

    def progress(result: dict) -> None:
        bar.update(1)
        if not result["ok"]:
            bar.clear()
            _err(f"error: {result['path']}: {result['reason']}")

    try:
        summary = job.run(source, progress, on_plan=lambda n: (setattr(bar, "total", n), bar.refresh()))
    finally:
        bar.close()
    typer.echo((out / "summary.txt").read_text(encoding="utf-8").rstrip())
    if summary["failures"]:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except UsageError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    except BudgetlensError as exc:
        _err(f"error: {exc}")
        sys.exit(1)


if __name__ == "__main__":
    main()
