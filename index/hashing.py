"""The hashing embedding's arithmetic, apart from its search-side class so that the
process reading a file can compute vectors without loading the model stack.

Character unigrams and bigrams (whitespace dropped, full-width forms folded) are hashed
with blake2b (deterministic across processes, unlike Python's salted ``hash``) into
``dim`` signed slots; counts are log-scaled, unigrams weigh half, and the vector is
L2-normalised::

    Hashing().vector("三公经费")  → 512 floats, norm 1.0
    Hashing().vector("")          → 512 zeros

``index.embedding.HashEmbedding`` is this behind langchain's ``Embeddings`` interface;
``hashing_for(settings)`` is this when the settings choose it (else ``None``).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import numpy as np

from budgetlens.ingest.normalize import fold

DIM = 512
UNIGRAM_WEIGHT = 0.5
_MAX_SLOTS = 200_000  # features whose hash a Hashing keeps (about 30 MB)


class Hashing:
    """Character uni+bigram feature hashing into ``dim`` dimensions (``name`` "hash512")."""

    def __init__(self, dim: int = DIM, unigram_weight: float = UNIGRAM_WEIGHT):
        self.dim = dim
        self.unigram_weight = unigram_weight
        self.name = f"hash{dim}"
        self._slots: dict[str, tuple[int, float]] = {}

    def features(self, text: str) -> Counter[str]:
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

    def vector(self, text: str) -> list[float]:
        acc = [0.0] * self.dim  # Python floats are doubles: the same sums as a float64 array
        slots = self._slots
        for feat, count in self.features(text).items():
            index, signed = slots.get(feat) or self._slot(feat)
            acc[index] += signed * (1.0 + math.log(count))
        vec = np.array(acc, dtype=np.float64)
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            return vec.tolist()
        return (vec / norm).tolist()

    def vectors(self, texts: list[str]) -> list[list[float]]:
        return [self.vector(t) for t in texts]


def hashing_for(settings) -> Hashing | None:
    """The hashing embedding when ``settings.embedding`` is "hash" (what
    ``make_embeddings`` builds then), else ``None``: e5 costs too much to compute for
    every chunk wherever a file is read, and keeps unchanged chunks' vectors instead."""
    return Hashing() if (getattr(settings, "embedding", "") or "").lower() == "hash" else None
