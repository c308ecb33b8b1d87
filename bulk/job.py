"""Bulk extraction: thousands of filings, parallel, resumable, identical whatever the workers.

Layout of ``--out DIR``::

    docs/<doc_id>.json        one contract filing per document (written atomically)
    failed/<key>.json         one failure record per bad file (written atomically)
    filings.jsonl             all filings, sorted by doc_id        } rebuilt from docs/
    cells.csv, cells.parquet  one row per cell                     } and failed/ at the
    checks.csv                one row per check result             } end of every run,
    failures.jsonl            each file that failed and why        } atomically
    summary.json, summary.txt documents, pages, seconds, failed checks by kind

A document is done when ``docs/<doc_id>.json`` exists with the current fingerprint
(``budgetlens.pipeline.fingerprint``: code, libraries and output settings); a killed job
(even SIGKILL) therefore loses nothing it finished and leaves no half-written file, and
re-running skips what is done and recomputes what is stale (the summary says how many).
A failure is retried when the fingerprint or the limits change.

Every document runs through the one processing entry under the per-document limits
(``--timeout`` seconds, ``--memory-mb``): locally each in a child process that is
killed past them (``budgetlens.limits``), so a cut-off document is a failure, never a
half-read "success", and a document that crashes its process fails alone. Dask workers
may not start children: there a document runs in the worker, the cluster restarts a
worker that passes the memory limit (``memory_limit`` per worker), and the job cancels a
document that passes the time limit and restarts its worker.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from budgetlens.pipeline import (
    Analysed,
    analyse_files,
    analyse_here,
    file_sha256,
    fingerprint,
)
from budgetlens.ingest import cannot_open
from budgetlens.settings import Settings
from budgetlens.workspace import atomic_write, writer_lock


@dataclass(frozen=True)
class Unit:
    path: str
    sha256: str

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class JobOptions:
    workers: int = 1
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address (tcp://host:8786); None = local cluster
    timeout: float | None = None  # seconds per document (None: settings.doc_seconds, 300)
    memory_mb: int | None = None  # resident MiB per document (None: settings.doc_memory_mb, 2048)
    max_pages: int | None = None  # None: settings.max_pages (2000)
    ocr: bool = True

    def settings(self) -> Settings:
        """The settings each document runs with: the job's workers are the parallelism, so
        no nested OCR pool inside each of them."""
        return Settings().scoped(max_pages=self.max_pages, ocr=self.ocr, ocr_workers=1,
                                 doc_seconds=self.timeout, doc_memory_mb=self.memory_mb)

    def limits(self) -> dict:
        s = self.settings()
        return {"seconds": s.doc_seconds, "memory_mb": s.doc_memory_mb}


def read_manifest(source: Path) -> tuple[list[Path], list[dict]]:
    """Files from a folder (recursive) or a manifest: one path per line, or JSON lines
    with a ``path`` field; relative paths are relative to the manifest's folder. A line
    that names no path is a failure of its own (``MANIFEST:3``), and the rest goes on::

        {"url": "http://x/a.pdf"}   →  failure "manifest.jsonl:3": line 3 has no "path" field
    """
    from budgetlens.errors import UsageError
    from budgetlens.ingest import iter_inputs

    if source.is_dir():
        return iter_inputs([source]), []
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"not UTF-8 text ({exc.reason})" \
            if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise UsageError(f"{source}: cannot read the manifest ({why})") from None
    paths, bad = [], []
    for n, raw in enumerate(lines, 1):
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        if raw.startswith("{"):
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                bad.append(_bad_line(source, n, f"not a JSON object ({exc.msg})"))
                continue
            named = record.get("path") if isinstance(record, dict) else None
            if not isinstance(named, str) or not named.strip():
                bad.append(_bad_line(source, n, 'no "path" field'))
                continue
            raw = named
        p = Path(raw)
        paths.append(p if p.is_absolute() else source.parent / p)
    return paths, bad


def _bad_line(source: Path, n: int, why: str) -> dict:
    return {"ok": False, "path": f"{source}:{n}", "reason": f"manifest line {n}: {why}",
            "reason_code": "bad_manifest"}


def _as_record(result) -> dict:
    if isinstance(result, Analysed):
        return {"ok": True, "filing": result.filing.model_dump(mode="json", exclude_none=True),
                "pages": result.document.n_pages, "seconds": result.seconds}
    return {"ok": False, "path": result.path, "reason": result.reason, "reason_code": result.reason_code}


def process_unit(path: str, options: JobOptions) -> dict:
    """Extract and check one file in this process (a Dask worker); never raises."""
    from budgetlens.pipeline import _result

    settings = options.settings()
    return _as_record(_result(path, analyse_here(path, settings, None, None), settings))


def _failure_key(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _dumps(obj, **kw) -> str:
    """JSON as readable UTF-8; a path with bytes that are not UTF-8 (kept by Python as
    surrogates) is written with ``\\u`` escapes instead, which load back the same."""
    text = json.dumps(obj, ensure_ascii=False, **kw)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, **kw)


class BulkJob:
    def __init__(self, out: Path, options: JobOptions, coverage: Callable[[dict], dict] | None = None):
        """``coverage``: figures of one filing (a dict the summary lists per document and
        sums under ``coverage``), e.g. ``eval.coverage.bulk_document``."""
        self.out = out
        self.options = options
        self.coverage = coverage
        self.docs_dir = out / "docs"
        self.failed_dir = out / "failed"
        self.version = fingerprint(options.settings())
        self.stale = 0  # documents of this run found done by another fingerprint
        self.twins: dict[str, list[str]] = {}  # sha256 → other paths of the same bytes, this run

    def clean_partial(self) -> None:
        """Remove temporary files a killed run left behind (never a finished output)."""
        for folder in (self.out, self.docs_dir, self.failed_dir):
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp"):
                    tmp.unlink(missing_ok=True)

    def _done_version(self, unit: Unit) -> str | None:
        path = self.docs_dir / f"{unit.doc_id}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8")).get("extractor_version")
        except (OSError, ValueError):
            return None

    def is_done(self, unit: Unit) -> bool:
        return self._done_version(unit) == self.version

    def failed_before(self, unit: Unit) -> bool:
        """The same bytes at the same path already failed with this fingerprint and these
        limits (a change of either retries it; delete ``failed/`` to retry every failure)."""
        path = self.failed_dir / f"{_failure_key(unit.path)}.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (record.get("sha256") == unit.sha256 and record.get("extractor_version") == self.version
                and record.get("limits") == self.options.limits())

    def plan(self, files: list[Path]) -> tuple[list[Unit], list[dict], dict[str, str]]:
        """Units still to do, failures found while hashing (unreadable files), and the
        current sha256 of every input path (what the aggregates are made of)."""
        todo, failures, seen, current = [], [], set(), {}
        self.stale = 0
        self.twins = {}
        for f in files:
            if (why := cannot_open(f)) is not None:  # a FIFO or /dev/zero would never end
                failures.append({"ok": False, "path": str(f), "reason": why, "reason_code": "bad_input"})
                continue
            try:
                unit = Unit(str(f), file_sha256(f))
            except OSError as exc:
                failures.append({"ok": False, "path": str(f), "reason": f"cannot read: {exc.strerror or exc}",
                                 "reason_code": "unreadable"})
                continue
            current[unit.path] = unit.sha256
            if unit.doc_id in seen:  # the same bytes at another path: one document, or one failure each
                self.twins.setdefault(unit.sha256, []).append(unit.path)
                continue
            if self.failed_before(unit):
                continue
            done = self._done_version(unit)
            if done == self.version:
                continue
            self.stale += done is not None
            seen.add(unit.doc_id)
            todo.append(unit)
        return todo, failures, current

    def record(self, result: dict) -> None:
        if result["ok"]:
            filing = result["filing"]
            atomic_write(self.docs_dir / f"{filing['doc_id']}.json",
                         _dumps(filing, sort_keys=True))
            stale = self.failed_dir / f"{_failure_key(filing['source']['path'])}.json"
            stale.unlink(missing_ok=True)
        else:
            keep = ("path", "reason", "reason_code", "sha256", "extractor_version", "limits")
            atomic_write(self.failed_dir / f"{_failure_key(result['path'])}.json",
                         _dumps({k: result.get(k) for k in keep}, sort_keys=True))

    def results(self, units: list[Unit]) -> Iterator[dict]:
        shas = {u.path: u.sha256 for u in units}
        for result in self._results(units):
            if not result["ok"]:
                result = {**result, "sha256": shas.get(result["path"]), "extractor_version": self.version,
                          "limits": self.options.limits()}
            yield result

    def _results(self, units: list[Unit]) -> Iterator[dict]:
        if not units:
            return iter(())
        if self.options.executor == "dask":
            return self._dask(units)
        return self._local(units)

    def _local(self, units: list[Unit]) -> Iterator[dict]:
        """Each document in its own child process, ``workers`` at a time; a child that
        dies or passes a limit fails its document alone."""
        for result in analyse_files([u.path for u in units], self.options.settings(),
                                    workers=self.options.workers):
            yield _as_record(result)

    def _dask(self, units: list[Unit]) -> Iterator[dict]:
        from dask.distributed import Client, LocalCluster

        settings = self.options.settings()
        if self.options.scheduler:
            client, cluster = Client(self.options.scheduler), None
        else:
            import dask

            # a worker the nanny kills (over memory) fails its task at once, not thrice
            with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                                  "distributed.scheduler.worker-saturation": 1.0}):
                cluster = LocalCluster(n_workers=max(1, self.options.workers), threads_per_worker=1,
                                       processes=True, dashboard_address=None,
                                       memory_limit=settings.doc_memory_mb << 20)
                client = Client(cluster)
        try:
            yield from _dask_results(client, units, self.options, settings.doc_seconds)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def run(self, source: Path, progress: Callable[[dict], None] | None = None,
            on_plan: Callable[[int], None] | None = None) -> dict:
        from budgetlens.workspace import disk_full, out_of_space

        with writer_lock(self.out, self.options.settings().lock_timeout):  # one job per --out at a time
            try:
                return self._run(source, progress, on_plan)
            except OSError as exc:  # the outputs cannot be written: one error, not a traceback
                if exc.errno is None or isinstance(exc, TimeoutError):  # not the file system's
                    raise
                if out_of_space(exc, self.out):
                    raise disk_full(self.out, "writing the bulk outputs") from None
                from budgetlens.errors import UsageError

                raise UsageError(f"{self.out}: cannot write the outputs ({exc.strerror or exc})") from None

    def _run(self, source: Path, progress: Callable[[dict], None] | None,
             on_plan: Callable[[int], None] | None) -> dict:
        started = time.perf_counter()
        self.clean_partial()
        files, bad_lines = read_manifest(source)
        todo, failures, current = self.plan(files)
        failures = bad_lines + failures
        if on_plan:
            on_plan(len(todo) + len(failures))
        for f in failures:
            self.record(f)
            if progress:
                progress(f)
        done_now = 0
        for result in self.results(todo):
            twins = [] if result["ok"] else [{**result, "path": p} for p in self.twins.get(result["sha256"], [])]
            for each in (result, *twins):
                self.record(each)
                if progress:
                    progress(each)
            done_now += 1
        summary = self.write_aggregates(time.perf_counter() - started,
                                        inputs=[b["path"] for b in bad_lines] + [str(f) for f in files],
                                        current=current, processed=done_now)
        return summary

    # --- aggregates -------------------------------------------------------------------

    def write_aggregates(self, seconds: float, *, inputs: list[str], current: dict[str, str],
                         processed: int) -> dict:
        """Rebuild the flat outputs, one filing at a time, from the results of the inputs
        as they are now: a filing of an older version of a path, or of a file no longer
        in the input, stays in ``docs/`` (a cache) but is not part of the output."""
        from budgetlens.bulk.tables import Aggregates

        wanted = {sha[:16] for sha in current.values()}
        documents = pages = 0
        failed_by_kind: dict[str, int] = {}
        covered: list[dict] = []
        with Aggregates(self.out) as agg:
            for path in sorted(self.docs_dir.glob("*.json")):
                if path.stem not in wanted:
                    continue
                filing = json.loads(path.read_text(encoding="utf-8"))
                agg.add(filing)
                documents += 1
                pages += filing["source"]["pages"]
                kinds = {c.get("kind") or c["check_id"].split(".")[0]
                         for c in filing.get("checks", []) if c["status"] == "fail"}
                for k in kinds:
                    failed_by_kind[k] = failed_by_kind.get(k, 0) + 1
                if self.coverage is not None:
                    covered.append(self.coverage(filing))
        failures = sorted((json.loads(p.read_text(encoding="utf-8")) for p in self.failed_dir.glob("*.json")),
                          key=lambda r: r["path"])
        done_ids = wanted & {p.stem for p in self.docs_dir.glob("*.json")}
        inputs_set = set(inputs)
        failures = [{k: f.get(k) for k in ("path", "reason", "reason_code")} for f in failures
                    if f["path"] in inputs_set
                    and (f["path"] not in current  # unreadable now
                         or (f.get("sha256") == current[f["path"]] and current[f["path"]][:16] not in done_ids))]
        atomic_write(self.out / "failures.jsonl",
                     "".join(_dumps(f, sort_keys=True) + "\n" for f in failures))
        summary = {
            "inputs": len(inputs),
            "documents": documents,
            "pages": pages,
            "failures": len(failures),
            "processed_this_run": processed,
            "seconds": round(seconds, 2),
            "documents_with_failed_checks_by_kind": dict(sorted(failed_by_kind.items())),
            "extractor_version": self.version,
            "stale_recomputed": self.stale,
        }
        coverage_line = ""
        if self.coverage is not None:
            printed, keyed = sum(d.get("printed", 0) for d in covered), sum(d.get("keyed", 0) for d in covered)
            vanished = sum(d.get("vanished", 0) for d in covered)
            share = round(keyed / printed, 4) if printed else None
            summary["coverage"] = {"printed": printed, "keyed": keyed, "keyed_share": share, "vanished": vanished,
                                   "documents": sorted(covered, key=lambda d: d.get("doc_id", ""))}
            coverage_line = (f"coverage: {keyed}/{printed} printed table amounts keyed "
                             f"({'—' if share is None else f'{100 * share:.1f}%'}), {vanished} vanished\n")
        atomic_write(self.out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1))
        text = (f"documents {summary['documents']} (of {len(inputs)} inputs), pages {summary['pages']}, "
                f"failures {summary['failures']}, {summary['seconds']} s this run "
                f"({processed} processed{f', {self.stale} stale, recomputed' if self.stale else ''})\n"
                + "".join(f"documents with failed {k} checks: {n}\n" for k, n in failed_by_kind.items())
                + coverage_line)
        atomic_write(self.out / "summary.txt", text)
        return summary


def _dask_results(client, units: list[Unit], options: JobOptions, seconds: float) -> Iterator[dict]:
    """Results from a Dask cluster as they finish. A task running past ``seconds`` (timed
    from when a worker took it) is cancelled and its worker restarted; a task whose worker
    died (the nanny's memory limit, a crash) fails its document."""
    from dask.distributed import wait

    futures = {client.submit(process_unit, u.path, options, pure=False, key=f"doc-{u.doc_id}"): u
               for u in units}
    running_since: dict[str, float] = {}
    while futures:
        try:
            done, _ = wait(list(futures), timeout=0.5, return_when="FIRST_COMPLETED")
        except TimeoutError:  # none finished in this half second
            done = set()
        for fut in done:
            unit = futures.pop(fut)
            try:
                result = fut.result()
            except Exception as exc:
                result = {"ok": False, "path": unit.path, "reason_code": "worker_crashed",
                          "reason": f"the worker died while reading this file ({type(exc).__name__})"}
            fut.release()
            yield result
        now = time.monotonic()
        by_key = {f.key: f for f in futures}
        for worker, keys in client.processing().items():
            for key in keys:
                if key not in by_key:
                    continue
                started = running_since.setdefault(key, now)
                if now - started > seconds:
                    fut = by_key.pop(key)
                    unit = futures.pop(fut)
                    fut.cancel()
                    client.restart_workers([worker])
                    yield {"ok": False, "path": unit.path, "reason_code": "timeout",
                           "reason": f"took longer than {seconds:g} s (the limit per document)"}
