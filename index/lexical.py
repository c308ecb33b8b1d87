"""BM25 over Chinese tokens, persisted in the workspace and loaded lazily.

Tokenisers (``tokenize(text, scheme)``):

- ``"jieba"``   jieba ``lcut_for_search`` words (dictionary loaded once per process);
- ``"bigram"``  single characters plus character bigrams of each run of CJK, and
                whole ASCII/number tokens (``526.04``, ``2023``);
- ``"mixed"``   both.

The scorer is Okapi BM25 with rank-bm25's parameters (``BM25Okapi``: k1 1.5, b 0.75)
and Lucene's always-positive idf, over an inverted index held in numpy arrays, so a query touches only the postings of its tokens: a few ms over
30,000 chunks, where rank-bm25 loops over every document for every query token.

``LexicalStore`` keeps each chunk's tokens and metadata in SQLite (the source of truth,
safe to write from several processes) and a pickled inverted index beside it, rebuilt
when the SQLite generation counter has moved. The pickle is a reader's own cache: it is
written whole under a temporary name no other process can pick, then renamed
(``budgetlens.workspace.atomic_write``), so any number of readers may rebuild it at once.
``LexicalStore(path, readonly=True)`` creates nothing: a missing store reads as empty.
"""

from __future__ import annotations

import json
import math
import pickle
import re
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from budgetlens.ingest.normalize import fold
from budgetlens.workspace import atomic_write

SCHEMES = ("jieba", "bigram", "mixed")
# R@5 on eval/questions/retrieval.json: bigram 0.93, mixed 0.95, jieba 0.76; bigram
# needs no dictionary load and indexes twice as fast as mixed.
DEFAULT_SCHEME = "bigram"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ASCII = re.compile(r"[0-9A-Za-z]+(?:\.[0-9]+)?")
_JIEBA_LOCK = threading.Lock()
_JIEBA = None


def _jieba():
    """jieba with its dictionary loaded once (≈1 s), quietly."""
    global _JIEBA
    with _JIEBA_LOCK:
        if _JIEBA is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _JIEBA = jieba
        return _JIEBA


def _bigram_tokens(text: str) -> list[str]:
    out: list[str] = []
    for run in _CJK.findall(text):
        out.extend(run)
        out.extend(a + b for a, b in zip(run, run[1:]))
    out.extend(m.lower() for m in _ASCII.findall(text))
    return out


def jieba_words(text: str) -> list[str]:
    """``text`` cut into words by jieba (its dictionary loaded on first use)."""
    return _jieba().lcut(text)


def _jieba_tokens(text: str) -> list[str]:
    words = _jieba().lcut_for_search(text)
    return [w.lower() for w in (w.strip() for w in words) if w and (_CJK.search(w) or _ASCII.fullmatch(w))]


def tokenize(text: str, scheme: str = DEFAULT_SCHEME) -> list[str]:
    """Tokens of ``text`` for BM25 under one of ``SCHEMES``."""
    text = fold(text)
    if scheme == "bigram":
        return _bigram_tokens(text)
    if scheme == "jieba":
        return _jieba_tokens(text)
    if scheme == "mixed":
        return _jieba_tokens(text) + ["#" + t for t in _bigram_tokens(text)]
    raise ValueError(f"unknown tokenisation {scheme!r}; one of {SCHEMES}")


@dataclass(frozen=True)
class BM25Params:
    k1: float = 1.5
    b: float = 0.75


class InvertedBM25:
    """Okapi BM25 over an inverted index (token → doc positions and term counts)."""

    def __init__(self, corpus: list[list[str]], params: BM25Params = BM25Params()):
        self.params = params
        self.n_docs = len(corpus)
        self.doc_len = np.array([len(doc) for doc in corpus], dtype=np.float32)
        self.avgdl = float(self.doc_len.mean()) if self.n_docs else 0.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for position, doc in enumerate(corpus):
            for token, count in Counter(doc).items():
                docs, counts = postings.setdefault(token, ([], []))
                docs.append(position)
                counts.append(count)
        self.postings = {t: (np.array(d, dtype=np.int32), np.array(c, dtype=np.float32))
                         for t, (d, c) in postings.items()}
        self.idf = self._idf({t: len(d) for t, (d, _) in postings.items()})

    def _idf(self, doc_freq: dict[str, int]) -> dict[str, float]:
        """Lucene's idf, log(1 + (N - df + 0.5) / (df + 0.5)): always positive.

        rank-bm25's Okapi idf is 0 for a token in half the documents and negative above
        that, which silences common words entirely in a small collection (two filings).
        """
        n = self.n_docs
        return {t: math.log(1.0 + (n - df + 0.5) / (df + 0.5)) for t, df in doc_freq.items()}

    def scores(self, query: list[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (0 where none match)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        if not self.n_docs:
            return out
        k1, b = self.params.k1, self.params.b
        norm = k1 * (1 - b + b * self.doc_len / self.avgdl) if self.avgdl else np.full(self.n_docs, k1)
        for token in query:  # repeated query tokens count again, as in rank-bm25
            posting = self.postings.get(token)
            if posting is None:
                continue
            docs, tf = posting
            out[docs] += self.idf[token] * tf * (k1 + 1) / (tf + norm[docs])
        return out


class LexicalStore:
    """Token lists and metadata per chunk in SQLite, with a lazily rebuilt BM25 index."""

    def __init__(self, path: Path, scheme: str = DEFAULT_SCHEME, *, readonly: bool = False):
        if scheme not in SCHEMES:
            raise ValueError(f"unknown tokenisation {scheme!r}; one of {SCHEMES}")
        self.path = Path(path)
        self.scheme = scheme
        self.readonly = readonly
        self._cache_path = self.path.with_suffix(".bm25.pkl")
        self._loaded_generation: int | None = None
        self._bm25: InvertedBM25 | None = None
        self._ids: list[str] = []
        self._meta: list[dict] = []
        if readonly:
            if self.path.exists():
                with self._connect() as db:
                    stored = db.execute("SELECT value FROM info WHERE key='scheme'").fetchone()[0]
                if stored != scheme:
                    raise ValueError(f"{self.path} holds {stored!r} tokens, not {scheme!r}")
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS chunks (chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL,"
                       " ordinal INTEGER, tokens TEXT NOT NULL, meta TEXT NOT NULL, payload TEXT NOT NULL)")
            db.execute("CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id)")
            db.execute("CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("INSERT OR IGNORE INTO info VALUES ('generation', '0')")
            db.execute("INSERT OR IGNORE INTO info VALUES ('scheme', ?)", (scheme,))
            stored = db.execute("SELECT value FROM info WHERE key='scheme'").fetchone()[0]
        if stored != scheme:
            raise ValueError(f"{self.path} holds {stored!r} tokens, not {scheme!r}")

    def _connect(self) -> sqlite3.Connection:
        if self.readonly and not self.path.exists():
            db = sqlite3.connect(":memory:")
            db.execute("CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL,"
                       " ordinal INTEGER, tokens TEXT NOT NULL, meta TEXT NOT NULL, payload TEXT NOT NULL)")
            db.execute("CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("INSERT INTO info VALUES ('generation', '0')")
            return db
        db = sqlite3.connect(self.path, timeout=30)
        if not self.readonly:
            db.execute("PRAGMA journal_mode=WAL")
        return db

    # -- writing -------------------------------------------------------------------

    def replace(self, doc_id: str, rows: list[tuple[str, int, str, dict, dict]]) -> None:
        """Replace every chunk of ``doc_id`` by ``rows`` of (chunk_id, ordinal, text, meta, payload)."""
        tokenised = [(cid, doc_id, ordinal, " ".join(tokenize(text, self.scheme)),
                      json.dumps(meta, ensure_ascii=False), json.dumps(payload, ensure_ascii=False))
                     for cid, ordinal, text, meta, payload in rows]
        with self._connect() as db:
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            db.executemany("INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?)", tokenised)
            db.execute("UPDATE info SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    def delete(self, doc_id: str) -> None:
        self.replace(doc_id, [])

    # -- reading -------------------------------------------------------------------

    def generation(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT value FROM info WHERE key='generation'").fetchone()[0])

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def doc_counts(self) -> dict[str, int]:
        """doc_id → how many chunks it has."""
        with self._connect() as db:
            return {r[0]: r[1] for r in db.execute("SELECT doc_id, COUNT(*) FROM chunks GROUP BY doc_id")}

    def doc_ids(self) -> list[str]:
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT doc_id FROM chunks ORDER BY doc_id")]

    def payloads(self, chunk_ids: list[str]) -> dict[str, dict]:
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        with self._connect() as db:
            rows = db.execute(f"SELECT chunk_id, payload FROM chunks WHERE chunk_id IN ({marks})", chunk_ids)
            return {cid: json.loads(payload) for cid, payload in rows}

    def _ensure_loaded(self) -> None:
        generation = self.generation()
        if generation == self._loaded_generation:
            return
        if self._cache_path.exists():
            try:
                with self._cache_path.open("rb") as fh:
                    cached = pickle.load(fh)
                if cached["generation"] == generation and cached["scheme"] == self.scheme:
                    self._bm25, self._ids, self._meta = cached["bm25"], cached["ids"], cached["meta"]
                    self._loaded_generation = generation
                    return
            except (OSError, pickle.UnpicklingError, KeyError, EOFError, AttributeError):
                pass
        with self._connect() as db:
            rows = db.execute("SELECT chunk_id, tokens, meta FROM chunks ORDER BY doc_id, ordinal").fetchall()
        self._ids = [r[0] for r in rows]
        self._meta = [json.loads(r[2]) for r in rows]
        self._bm25 = InvertedBM25([r[1].split(" ") if r[1] else [] for r in rows])
        self._loaded_generation = generation
        if not self.path.exists():
            return  # nothing stored: nothing worth caching
        try:
            atomic_write(self._cache_path, pickle.dumps(
                {"generation": generation, "scheme": self.scheme, "bm25": self._bm25,
                 "ids": self._ids, "meta": self._meta}, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written (read-only or full disk) is rebuilt next time

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list[tuple[str, float]]:
        """The ``k`` best (chunk_id, score) pairs with a positive score, best first."""
        self._ensure_loaded()
        assert self._bm25 is not None
        scores = self._bm25.scores(tokenize(query, self.scheme))
        if where:
            scores = np.where(self._mask(where), scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if positive.size == 0:
            return []
        top = positive[np.argsort(-scores[positive], kind="stable")[:k]]
        return [(self._ids[i], float(scores[i])) for i in top]

    def _mask(self, where: dict) -> np.ndarray:
        mask = np.ones(len(self._ids), dtype=bool)
        for key, wanted in where.items():
            allowed = list(wanted) if isinstance(wanted, (list, tuple, set)) else [wanted]
            mask &= np.isin(self._column(key), np.array(allowed, dtype=object))
        return mask

    def _column(self, key: str) -> np.ndarray:
        """One metadata field of every chunk as an array, built once per loaded generation."""
        cache = self.__dict__.setdefault("_columns", {})
        if cache.get("_generation") != self._loaded_generation:
            cache.clear()
            cache["_generation"] = self._loaded_generation
        if key not in cache:
            cache[key] = np.array([m.get(key) for m in self._meta], dtype=object)
        return cache[key]
