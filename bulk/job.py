"""Bulk extraction: thousands of filings, parallel, resumable, identical whatever the workers.

Layout of ``--out DIR``::

    docs/<doc_id>.json        one contract filing per document (written atomically)
    failed/<key>.json         one failure record per bad file (written atomically)
    filings.jsonl             all filings, sorted by doc_id        } rebuilt from docs/
    cells.csv, cells.parquet  one row per cell                     } and failed/ at the
    checks.csv                one row per check result             } end of every run,
    failures.jsonl            each file that failed and why        } atomically
    summary.json, summary.txt documents, pages, seconds, failed checks by kind

A document is done when ``docs/<doc_id>.json`` exists with the current extractor
version; a killed job (even SIGKILL) therefore loses nothing it finished and leaves no
half-written file, and re-running skips what is done. Work units are independent, so
the same function runs in a local process pool or on a Dask cluster.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from budgetlens.pipeline import EXTRACTOR_VERSION, file_sha256


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
    timeout: float = 300.0  # seconds per document
    max_pages: int = 2000
    ocr: bool = True


class DocumentTimeout(Exception):
    pass


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(tmp, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_manifest(source: Path) -> list[Path]:
    """Files from a folder (recursive) or a manifest: one path per line, or JSON lines
    with a ``path`` field; relative paths are relative to the manifest's folder."""
    from budgetlens.ingest import iter_inputs

    if source.is_dir():
        return iter_inputs([source])
    paths = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        if raw.startswith("{"):
            raw = json.loads(raw)["path"]
        p = Path(raw)
        paths.append(p if p.is_absolute() else source.parent / p)
    return paths


def _alarm(signum, frame):  # pragma: no cover - runs in a worker
    raise DocumentTimeout()


def process_unit(path: str, options: JobOptions) -> dict:
    """Extract and check one file; never raises. Runs in a worker process."""
    from budgetlens.errors import InputError
    from budgetlens.pipeline import analyse
    from budgetlens.settings import Settings
    from budgetlens.ingest import read

    # the job's own workers are the parallelism: no nested OCR pool inside each of them
    settings = Settings().scoped(max_pages=options.max_pages, ocr=options.ocr, ocr_workers=1)
    started = time.perf_counter()
    import threading

    # SIGALRM bounds a document where the worker runs it on its main thread (process
    # pool); a Dask worker runs tasks on threads, where the cluster's own limits apply.
    use_alarm = (options.timeout > 0 and hasattr(signal, "SIGALRM")
                 and threading.current_thread() is threading.main_thread())
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, options.timeout)
    try:
        document = read(Path(path), settings)
        filing = analyse(document, settings, path=path)
        return {"ok": True, "filing": filing.model_dump(mode="json", exclude_none=True),
                "pages": document.n_pages, "seconds": time.perf_counter() - started}
    except InputError as exc:
        return {"ok": False, "path": path, "reason": exc.reason, "reason_code": exc.reason_code}
    except DocumentTimeout:
        return {"ok": False, "path": path, "reason": f"timed out after {options.timeout:g} s",
                "reason_code": "timeout"}
    except Exception as exc:  # a bug on one document must not stop the batch
        return {"ok": False, "path": path, "reason": f"internal error: {type(exc).__name__}: {exc}",
                "reason_code": "internal"}
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _failure_key(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


class BulkJob:
    def __init__(self, out: Path, options: JobOptions, coverage: Callable[[dict], dict] | None = None):
        """``coverage``: figures of one filing (a dict the summary lists per document and
        sums under ``coverage``), e.g. ``eval.coverage.bulk_document``."""
        self.out = out
        self.options = options
        self.coverage = coverage
        self.docs_dir = out / "docs"
        self.failed_dir = out / "failed"

    def clean_partial(self) -> None:
        """Remove temporary files a killed run left behind (never a finished output)."""
        for folder in (self.out, self.docs_dir, self.failed_dir):
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp"):
                    tmp.unlink(missing_ok=True)

    def is_done(self, unit: Unit) -> bool:
        path = self.docs_dir / f"{unit.doc_id}.json"
        if not path.exists():
            return False
        try:
            return json.loads(path.read_text(encoding="utf-8")).get("extractor_version") == EXTRACTOR_VERSION
        except (OSError, ValueError):
            return False

    def failed_before(self, unit: Unit) -> bool:
        """The same bytes at the same path already failed with this extractor version
        (delete ``failed/`` to retry every failure)."""
        path = self.failed_dir / f"{_failure_key(unit.path)}.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return record.get("sha256") == unit.sha256 and record.get("extractor_version") == EXTRACTOR_VERSION

    def plan(self, files: list[Path]) -> tuple[list[Unit], list[dict], dict[str, str]]:
        """Units still to do, failures found while hashing (unreadable files), and the
        current sha256 of every input path (what the aggregates are made of)."""
        todo, failures, seen, current = [], [], set(), {}
        for f in files:
            try:
                unit = Unit(str(f), file_sha256(f))
            except OSError as exc:
                failures.append({"ok": False, "path": str(f), "reason": f"cannot read: {exc.strerror or exc}",
                                 "reason_code": "unreadable"})
                continue
            current[unit.path] = unit.sha256
            if unit.doc_id in seen or self.is_done(unit) or self.failed_before(unit):
                continue
            seen.add(unit.doc_id)
            todo.append(unit)
        return todo, failures, current

    def record(self, result: dict) -> None:
        if result["ok"]:
            filing = result["filing"]
            atomic_write(self.docs_dir / f"{filing['doc_id']}.json",
                         json.dumps(filing, ensure_ascii=False, sort_keys=True))
            stale = self.failed_dir / f"{_failure_key(filing['source']['path'])}.json"
            stale.unlink(missing_ok=True)
        else:
            keep = ("path", "reason", "reason_code", "sha256", "extractor_version")
            atomic_write(self.failed_dir / f"{_failure_key(result['path'])}.json",
                         json.dumps({k: result.get(k) for k in keep}, ensure_ascii=False, sort_keys=True))

    def results(self, units: list[Unit]) -> Iterator[dict]:
        shas = {u.path: u.sha256 for u in units}
        for result in self._results(units):
            if not result["ok"]:
                result = {**result, "sha256": shas.get(result["path"]), "extractor_version": EXTRACTOR_VERSION}
            yield result

    def _results(self, units: list[Unit]) -> Iterator[dict]:
        if not units:
            return iter(())
        if self.options.executor == "dask":
            return self._dask(units)
        return self._local(units)

    def _local(self, units: list[Unit]) -> Iterator[dict]:
        if self.options.workers <= 1:
            for u in units:
                yield process_unit(u.path, self.options)
            return
        pending = list(units)
        while pending:
            in_flight, pending = yield from self._pool_run(pending, self.options.workers)
            # a worker died (a segfault in a library, the OOM killer): the documents it may
            # have been holding are retried one by one, and the one that kills a worker
            # again is recorded as failed; the rest of the batch goes on in a new pool
            for unit in in_flight:
                crashed, _ = yield from self._pool_run([unit], 1)
                if crashed:
                    yield {"ok": False, "path": unit.path, "reason_code": "worker_crashed",
                           "reason": "the worker process died while reading this file"}

    def _pool_run(self, units: list[Unit], workers: int):
        """Results of ``units`` from a process pool; on a broken pool, returns the units
        in flight and those not yet started."""
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool
        import multiprocessing as mp

        ctx = mp.get_context("forkserver" if hasattr(os, "fork") else "spawn")
        # no max_tasks_per_child: on Python 3.11 replacing a retired worker can hang the
        # pool (seen here: a 2-worker run stopped after 2 x 50 documents). A bounded window
        # of documents in flight keeps finished results from piling up in this process.
        todo = iter(units)
        running: dict = {}
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            try:
                for u in itertools.islice(todo, workers * 4):
                    running[pool.submit(process_unit, u.path, self.options)] = u
                while running:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        result = fut.result()  # raises BrokenProcessPool when a worker died
                        del running[fut]
                        yield result
                        nxt = next(todo, None)
                        if nxt is not None:
                            running[pool.submit(process_unit, nxt.path, self.options)] = nxt
            except BrokenProcessPool:
                return list(running.values()), list(todo)
        return [], []

    def _dask(self, units: list[Unit]) -> Iterator[dict]:
        from dask.distributed import Client, LocalCluster, as_completed

        if self.options.scheduler:
            client, cluster = Client(self.options.scheduler), None
        else:
            cluster = LocalCluster(n_workers=max(1, self.options.workers), threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            # no list of futures is kept: each is released once its result is recorded
            for fut in as_completed(client.map(process_unit, [u.path for u in units],
                                               options=self.options, pure=False)):
                yield fut.result()
                fut.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def run(self, source: Path, progress: Callable[[dict], None] | None = None,
            on_plan: Callable[[int], None] | None = None) -> dict:
        started = time.perf_counter()
        self.clean_partial()
        files = read_manifest(source)
        todo, failures, current = self.plan(files)
        if on_plan:
            on_plan(len(todo))
        for f in failures:
            self.record(f)
        done_now = 0
        for result in self.results(todo):
            self.record(result)
            done_now += 1
            if progress:
                progress(result)
        summary = self.write_aggregates(time.perf_counter() - started, inputs=[str(f) for f in files],
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
                     "".join(json.dumps(f, ensure_ascii=False, sort_keys=True) + "\n" for f in failures))
        summary = {
            "inputs": len(inputs),
            "documents": documents,
            "pages": pages,
            "failures": len(failures),
            "processed_this_run": processed,
            "seconds": round(seconds, 2),
            "documents_with_failed_checks_by_kind": dict(sorted(failed_by_kind.items())),
            "extractor_version": EXTRACTOR_VERSION,
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
                f"({processed} processed)\n"
                + "".join(f"documents with failed {k} checks: {n}\n" for k, n in failed_by_kind.items())
                + coverage_line)
        atomic_write(self.out / "summary.txt", text)
        return summary
