"""Retrieval benchmark: recall@1/@5 of each search method on a hand-written question set.

    .venv/bin/python -m budgetlens.eval.bench_retrieval [--seeds DIR] [--questions FILE] [--methods ...] [--out FILE]

Each seed filing is read (``ingest.read``), chunked with the entity, year and type a
``Filing`` would give (the question file's ``documents``; ``--no-filing`` leaves them out),
and indexed in a throw-away workspace once per embedding. A question is answered at k when one of the first k hits comes from the
question's seed and holds every one of its ``needles`` (compared without whitespace).

Methods: ``bm25-jieba``, ``bm25-bigram``, ``bm25-mixed`` (lexical only), ``dense-e5``,
``dense-hash`` (vectors only), ``fused-e5``, ``fused-hash`` (RRF of both). Reports
indexing speed (chunks/s, embedding included) and query latency p50/p95 per method.
``--scale N`` instead times search over N chunks (seed chunks copied under new ids).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from budgetlens.index.chunking import Chunk, chunk_document
from budgetlens.index.embedding import E5Embedding, HashEmbedding
from budgetlens.index.lexical import DEFAULT_SCHEME
from budgetlens.index.store import Index
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing, Source

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_QUESTIONS = Path(__file__).resolve().parent / "questions" / "retrieval.json"
METHODS = ("bm25-jieba", "bm25-bigram", "bm25-mixed", "dense-hash", "dense-e5", "fused-hash", "fused-e5")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Question:
    id: str
    doc: str
    question: str
    needles: tuple[str, ...]


@dataclass(frozen=True)
class MethodResult:
    method: str
    recall_at_1: float
    recall_at_5: float
    p50_ms: float
    p95_ms: float
    misses: tuple[str, ...]


def load_filings(path: Path, documents: list[Document]) -> dict[str, Filing]:
    """Minimal ``Filing``s (entity, year, type) for the seeds the question file describes."""
    meta = json.loads(Path(path).read_text(encoding="utf-8")).get("documents", {})
    out: dict[str, Filing] = {}
    for doc in documents:
        known = meta.get(Path(doc.path).name[:3])
        if known:
            source = Source(path=doc.path, sha256=doc.sha256, pages=doc.n_pages, media=doc.media)
            out[doc.doc_id] = Filing(doc_id=doc.doc_id, source=source, **known)
    return out


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[Question]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Question(q["id"], q["doc"], q["question"], tuple(q["needles"])) for q in data["questions"]]


def answers(chunk: Chunk, question: Question, doc_ids: dict[str, str]) -> bool:
    """True when ``chunk`` comes from the question's seed and holds every needle."""
    if chunk.doc_id != doc_ids.get(question.doc):
        return False
    text = _WS.sub("", chunk.text)
    return all(_WS.sub("", n) in text for n in question.needles)


# -- reading the seeds ---------------------------------------------------------------


def read_seed(path: Path) -> Document:
    from budgetlens.ingest import read

    return read(path)


# -- running -------------------------------------------------------------------------


def _build(kind: str, scheme: str, documents: list[Document], filings: dict[str, Filing],
           home: Path) -> tuple[Index, float]:
    from budgetlens.settings import Settings

    settings = Settings(home=home / f"{kind}-{scheme}", embedding="hash" if kind == "hash" else "e5")
    embeddings = HashEmbedding() if kind == "hash" else E5Embedding()
    index = Index(settings, embeddings=embeddings, scheme=scheme)
    chunks = [(doc.doc_id, chunk_document(doc, filings.get(doc.doc_id))) for doc in documents]
    started = time.perf_counter()
    n = 0
    for doc_id, doc_chunks in chunks:
        n += index.upsert(doc_id, doc_chunks)
    elapsed = time.perf_counter() - started
    return index, n / elapsed if elapsed else float("inf")


def evaluate(index: Index, mode: str, name: str, questions: list[Question],
             doc_ids: dict[str, str]) -> MethodResult:
    index.search("预热", k=5, mode=mode)  # load models and the BM25 cache outside the timing
    at1 = at5 = 0
    times: list[float] = []
    misses: list[str] = []
    for q in questions:
        started = time.perf_counter()
        hits = index.search(q.question, k=5, mode=mode)
        times.append((time.perf_counter() - started) * 1000)
        good = [answers(h.chunk, q, doc_ids) for h in hits]
        at1 += bool(good[:1] and good[0])
        at5 += any(good)
        if not any(good):
            misses.append(q.id)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return MethodResult(name, at1 / len(questions), at5 / len(questions), statistics.median(times), p95,
                        tuple(misses))


def run(seeds: Path, questions_path: Path, methods: tuple[str, ...], use_filings: bool = True) -> dict:
    questions = load_questions(questions_path)
    documents = [read_seed(p) for p in sorted(seeds.glob("*.txt"))]
    doc_ids = {Path(d.path).name[:3]: d.doc_id for d in documents}
    filings = load_filings(questions_path, documents) if use_filings else {}
    n_chunks = sum(len(chunk_document(d)) for d in documents)
    results: list[MethodResult] = []
    speed: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        built: dict[tuple[str, str], Index] = {}

        def index_for(kind: str, scheme: str) -> Index:
            if (kind, scheme) not in built:
                built[(kind, scheme)], speed[f"{kind}-{scheme}"] = _build(kind, scheme, documents, filings, Path(tmp))
            return built[(kind, scheme)]

        for method in methods:
            family, variant = method.split("-", 1)
            if family == "bm25":
                idx, mode = index_for("hash", variant), "lexical"
            else:
                idx, mode = index_for(variant, DEFAULT_SCHEME), "dense" if family == "dense" else "fused"
            results.append(evaluate(idx, mode, method, questions, doc_ids))
    return {
        "questions": len(questions), "filing_metadata": use_filings, "documents": len(documents), "chunks": n_chunks,
        "index_chunks_per_s": {k: round(v, 1) for k, v in speed.items()},
        "methods": [r.__dict__ | {"misses": list(r.misses)} for r in results],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--methods", nargs="*", default=list(METHODS), choices=METHODS)
    parser.add_argument("--no-filing", action="store_true",
                        help="chunk without Filing metadata (entity, year) in the chunk header")
    parser.add_argument("--scale", type=int, metavar="N",
                        help="instead: search latency over N chunks (seed chunks copied)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.scale:
        print(json.dumps(scale(args.scale, args.seeds), ensure_ascii=False, indent=2))
        return
    report = run(args.seeds, args.questions, tuple(args.methods), use_filings=not args.no_filing)
    print(f"{report['questions']} questions, {report['documents']} documents, {report['chunks']} chunks")
    print(f"{'method':<12} {'R@1':>5} {'R@5':>5} {'p50 ms':>7} {'p95 ms':>7}  misses")
    for r in report["methods"]:
        print(f"{r['method']:<12} {r['recall_at_1']:>5.2f} {r['recall_at_5']:>5.2f} "
              f"{r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f}  {' '.join(r['misses'])}")
    print("indexing chunks/s:", report["index_chunks_per_s"])
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")



# -- scale -----------------------------------------------------------------------------


def scale(n_chunks: int, seeds: Path = DEFAULT_SEEDS, queries: int = 50) -> dict:
    """Search latency over ``n_chunks`` (seed chunks copied under new doc ids).

    Dense vectors are random unit vectors: search time does not depend on what they
    mean, and the query embedding's own cost is reported apart (``e5_query_ms``).
    """
    import numpy as np

    from budgetlens.settings import Settings

    documents = [read_seed(p) for p in sorted(seeds.glob("*.txt"))]
    base = [chunk_document(d) for d in documents]
    questions = [q.question for q in load_questions(DEFAULT_QUESTIONS)][:queries]
    rng = np.random.default_rng(0)
    report: dict = {"chunks": 0}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), embedding="hash")

        class RandomVectors(HashEmbedding):  # hash for queries, random for passages
            def embed_documents(self, texts):
                v = rng.standard_normal((len(texts), self.dim)).astype("float32")
                return (v / np.linalg.norm(v, axis=1, keepdims=True)).tolist()

        index = Index(settings, embeddings=RandomVectors(dim=384))
        started = time.perf_counter()
        copy = 0
        while report["chunks"] < n_chunks:
            doc_id = f"{copy:016x}"
            chunks = [Chunk(**{**c.__dict__, "doc_id": doc_id, "chunk_id": f"{doc_id}:{c.ordinal:04d}:{c.kind}",
                               "fiscal_year": 2000 + copy % 25}) for c in base[copy % len(base)]]
            report["chunks"] += index.upsert(doc_id, chunks)
            copy += 1
        report["documents"] = copy
        report["index_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        index.search("预热", k=10)
        report["first_search_s (builds BM25 + pickle)"] = round(time.perf_counter() - started, 2)
        fresh = Index(settings, embeddings=RandomVectors(dim=384))
        started = time.perf_counter()
        fresh.search("预热", k=10)
        report["first_search_new_process_s (loads pickle)"] = round(time.perf_counter() - started, 2)
        for mode in MODES_TIMED:
            times = []
            for q in questions:
                t0 = time.perf_counter()
                fresh.search(q, k=10, mode=mode)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            report[f"{mode}_p50_ms"] = round(statistics.median(times), 1)
            report[f"{mode}_p95_ms"] = round(times[int(0.95 * (len(times) - 1))], 1)
        times = []
        for q in questions:
            t0 = time.perf_counter()
            fresh.search(q, k=10, where={"fiscal_year": 2023})
            times.append((time.perf_counter() - t0) * 1000)
        report["fused_filtered_p50_ms"] = round(statistics.median(times), 1)
    e5 = E5Embedding()
    e5.embed_query("预热")
    times = []
    for q in questions[:20]:
        t0 = time.perf_counter()
        e5.embed_query(q)
        times.append((time.perf_counter() - t0) * 1000)
    report["e5_query_ms_p50"] = round(statistics.median(times), 1)
    return report


MODES_TIMED = ("lexical", "dense", "fused")


if __name__ == "__main__":
    main()
