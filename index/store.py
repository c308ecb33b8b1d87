"""The search index: Chroma for dense vectors, BM25 for words, fused by reciprocal rank.

``Index(settings)`` opens (or creates) one Chroma collection and one lexical store in
the workspace, both named after the embedding, so switching embeddings never mixes
vectors. Every Chroma call carries vectors (``embeddings=`` / ``query_embeddings=``):
Chroma never embeds text itself, which would try to download a model.

``upsert(doc_id, chunks)`` replaces every chunk of the document (idempotent);
``search(query, k, where)`` returns ``Hit``s fused by RRF (k = 60) from the dense and
lexical rankings, optionally filtered by ``entity``, ``fiscal_year``, ``doc_type``,
``doc_id``, ``kind`` or ``table_id`` (a value, or a list meaning "any of").

Writes go to Chroma first, then to the lexical store (``crash_point("dense")`` between
them). ``Index(settings, readonly=True)`` is for readers (``ask``): it creates no
collection and no file, and a missing index searches as empty.

With ``settings.chroma_url`` the vectors live on a Chroma server. Every request to it has
a time limit (``settings.chroma_timeout``, 10 s), and a server that is down, at start or
midway, is one ``ServerDownError`` naming it, never a traceback or a hang::

    ServerDownError: the Chroma server at http://127.0.0.1:8000 does not answer (ConnectError)

A full disk under the embedded index is one ``DiskFullError`` (``workspace.out_of_space``).
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from budgetlens.errors import ResourceError, ServerDownError, UsageError
from budgetlens.index.chunking import Chunk
from budgetlens.index.embedding import embedding_name, make_embeddings
from budgetlens.index.lexical import DEFAULT_SCHEME, LexicalStore
from budgetlens.workspace import crash_point, disk_full, out_of_space

RRF_K = 60
# Lexical ranks count double: on eval/questions/retrieval.json (e5 + bigram BM25) this
# lifts fused R@1 from 0.64 (equal weights) to 0.71-0.76 at the same R@5 (0.90). The
# dense weight is the embedding's ``fusion_weight`` (1 for e5, 0.25 for hashing).
LEXICAL_WEIGHT = 2.0
FILTER_KEYS = {"entity", "fiscal_year", "doc_type", "doc_id", "kind", "table_id"}
MODES = ("fused", "dense", "lexical")
_BATCH = 256
# Chroma keeps each chunk's vector and metadata, with the digest of its text under this
# key; the text itself lives in the lexical store. Given the texts, Chroma would also
# build its own full-text index of them, which nothing searches: half of its write time.
TEXT_KEY = "text_digest"


@dataclass(frozen=True)
class Hit:
    """One search result: the chunk, its fused score and its rank in each method (1-based)."""

    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)


def rrf_fuse(rankings: dict[str, list[str]], k: int = RRF_K,
             weights: dict[str, float] | None = None) -> list[tuple[str, float, dict[str, int]]]:
    """Reciprocal-rank fusion: score(id) = Σ w / (k + rank) over the rankings holding it.

    ``weights`` maps a method to its weight ``w`` (1 when absent).

    Ties are broken by the best single rank, then by id, so the order is deterministic.
    """
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for method, ids in rankings.items():
        for rank, cid in enumerate(ids, start=1):
            if method in ranks.get(cid, {}):
                continue  # a duplicate in one ranking counts once
            weight = (weights or {}).get(method, 1.0)
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
            ranks.setdefault(cid, {})[method] = rank
    order = sorted(scores, key=lambda c: (-scores[c], min(ranks[c].values()), c))
    return [(cid, scores[cid], ranks[cid]) for cid in order]


def chroma_where(where: dict | None) -> dict | None:
    """Our simple ``{key: value | [values]}`` filter in Chroma's where syntax."""
    if not where:
        return None
    clauses = []
    for key, value in where.items():
        if key not in FILTER_KEYS:
            raise UsageError(f"cannot filter on {key!r}; use one of {sorted(FILTER_KEYS)}")
        if isinstance(value, (list, tuple, set)):
            clauses.append({key: {"$in": list(value)}})
        else:
            clauses.append({key: value})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class Index:
    """Dense + lexical index over chunks in the workspace (``settings.home``)."""

    def __init__(self, settings, embeddings: Embeddings | None = None, client=None,
                 scheme: str = DEFAULT_SCHEME, *, readonly: bool = False):
        self.settings = settings
        self.readonly = readonly
        self.embeddings = embeddings if embeddings is not None else make_embeddings(settings)
        self.name = f"chunks-{embedding_name(self.embeddings)}"
        self._client = client
        with self._guard("opening the index"):
            if readonly:
                self.collection = _existing_collection(settings, client, self.name)
            else:
                self._client = client if client is not None else _client(settings)
                self.collection = self._client.get_or_create_collection(
                    self.name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedding": embedding_name(self.embeddings)})
            self.weights = {"dense": float(getattr(self.embeddings, "fusion_weight", 1.0)),
                            "lexical": LEXICAL_WEIGHT}
            lexical_dir = settings.home / "index"
            self.lexical = LexicalStore(lexical_dir / f"{self.name}.{scheme}.sqlite", scheme=scheme,
                                        readonly=readonly)

    @contextmanager
    def _guard(self, doing: str):
        """A full disk or a silent server, met inside, leaves as one ``ResourceError``."""
        try:
            yield
        except ResourceError:
            raise
        except Exception as exc:
            if out_of_space(exc, self.settings.home):
                raise disk_full(self.settings.home, doing) from None
            if self.settings.chroma_url and not self.answers():
                raise server_down(self.settings, exc) from None
            raise

    def answers(self) -> bool:
        """Does the vector store answer now? (Always, when it is embedded.)"""
        if not self.settings.chroma_url:
            return True
        try:
            client = self._client if self._client is not None else _client(self.settings)
            client.heartbeat()
            return True
        except Exception:
            return False

    # -- writing -------------------------------------------------------------------

    def upsert(self, doc_id: str, chunks: list[Chunk], vectors: list[list[float]] | None = None) -> int:
        """Replace every chunk of ``doc_id`` by ``chunks``; returns how many were stored.

        Vectors are computed first, so a failing embedding leaves the old version in place;
        a chunk whose text is already stored for this document keeps its vector, so
        re-ingesting an unchanged or lightly edited filing embeds little or nothing.
        ``vectors`` are the chunks' vectors by this index's embedding when the caller has
        them already (the hashing embedding's, computed where the file was read, see
        ``index.hashing``): the same vectors, made elsewhere.
        """
        stray = [c.chunk_id for c in chunks if c.doc_id != doc_id]
        if stray:
            raise UsageError(f"chunks of another document passed to upsert({doc_id!r}): {stray[:3]}")
        with self._guard(f"indexing {doc_id}"):
            if vectors is None or len(vectors) != len(chunks):
                vectors = self._vectors(doc_id, [c.text for c in chunks])
            self.collection.delete(where={"doc_id": doc_id})
            for start in range(0, len(chunks), _BATCH):
                batch = chunks[start:start + _BATCH]
                self.collection.add(
                    ids=[c.chunk_id for c in batch],
                    embeddings=vectors[start:start + _BATCH],
                    metadatas=[{**c.metadata(), TEXT_KEY: text_digest(c.text)} for c in batch])
            crash_point("dense")
            self.lexical.replace(doc_id, [(c.chunk_id, c.ordinal, c.text, c.metadata(), _payload(c))
                                          for c in chunks])
        return len(chunks)

    def _vectors(self, doc_id: str, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        stored = self.collection.get(where={"doc_id": doc_id}, include=["metadatas", "documents", "embeddings"])
        known: dict[str, list[float]] = {}
        for meta, text, vector in zip(stored.get("metadatas") or [], stored.get("documents") or [],
                                      _as_list(stored.get("embeddings"))):
            digest = (meta or {}).get(TEXT_KEY) or (text_digest(text) if text else None)  # older indexes kept the text
            if digest:
                known[digest] = list(map(float, vector))
        digests = [text_digest(t) for t in texts]
        missing = sorted({t for t, d in zip(texts, digests) if d not in known})
        if missing:
            known.update(zip(map(text_digest, missing), self.embeddings.embed_documents(missing)))
        return [known[d] for d in digests]

    def delete(self, doc_id: str) -> None:
        with self._guard(f"deleting the chunks of {doc_id}"):
            self.collection.delete(where={"doc_id": doc_id})
            self.lexical.delete(doc_id)

    # -- reading -------------------------------------------------------------------

    def count(self) -> int:
        with self._guard("reading the index"):
            return self.collection.count() if self.collection is not None else 0

    def doc_ids(self) -> list[str]:
        return self.lexical.doc_ids()

    def dense_doc_ids(self, page: int = 5000) -> set[str]:
        """Every doc_id with a vector in Chroma (read in pages of metadata)."""
        out: set[str] = set()
        if self.collection is None:
            return out
        offset = 0
        while True:
            with self._guard("reading the index"):
                got = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            metas = got.get("metadatas") or []
            out.update(m.get("doc_id") for m in metas if m and m.get("doc_id"))
            if len(metas) < page:
                return out
            offset += page

    def search(self, query: str, k: int = 10, where: dict | None = None,
               mode: str = "fused", depth: int | None = None,
               weights: dict[str, float] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``.

        ``mode`` "fused" (default) combines both rankings; "dense" or "lexical" uses one
        (for measurement). ``depth`` is how many candidates each method contributes to
        the fusion (default max(3k, 30)); ``weights`` default to ``self.weights``.
        """
        if mode not in MODES:
            raise UsageError(f"unknown search mode {mode!r}; one of {MODES}")
        depth = depth or max(3 * k, 30)
        cwhere = chroma_where(where)
        rankings: dict[str, list[str]] = {}
        if mode in ("fused", "dense"):
            with self._guard("searching the index"):
                rankings["dense"] = self._dense(query, depth, cwhere)
        if mode in ("fused", "lexical"):
            rankings["lexical"] = [cid for cid, _ in self.lexical.search(query, depth, where)]
        fused = rrf_fuse(rankings, weights=self.weights if weights is None else weights)[:k]
        payloads = self.lexical.payloads([cid for cid, _, _ in fused])
        return [Hit(chunk=_chunk(payloads[cid]), score=score, ranks=ranks)
                for cid, score, ranks in fused if cid in payloads]

    def _dense(self, query: str, depth: int, where: dict | None) -> list[str]:
        if self.collection is None or self.collection.count() == 0:
            return []
        vector = self.embeddings.embed_query(query)
        result = self.collection.query(query_embeddings=[vector], n_results=depth, where=where,
                                       include=["distances"])
        return list(result["ids"][0]) if result["ids"] else []


def _client(settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise UsageError(f"chroma_url {settings.chroma_url!r} has no host")
        try:
            client = chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                                         ssl=url.scheme == "https", settings=chroma_settings)
        except Exception as exc:  # it asks the server for its identity at once
            raise server_down(settings, exc) from None
        _limit_requests(client, settings.chroma_timeout)
        return client
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def server_down(settings, exc: BaseException) -> ServerDownError:
    first = (str(exc).strip().splitlines() or [""])[0][:120]
    why = type(exc).__name__ + (f": {first}" if first else "")
    return ServerDownError(f"the Chroma server at {settings.chroma_url} does not answer ({why}); "
                           "start it, or unset BUDGETLENS_CHROMA_URL for the embedded index")


def _limit_requests(client, seconds: float) -> None:
    """Every request of the HTTP client ends within ``seconds`` (Chroma sets no limit, and a
    stopped server would hold a request for ever)."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds)


def _existing_collection(settings, client, name: str):
    """The collection ``name`` if the index holds it, else ``None``; creates nothing."""
    if client is None and not settings.chroma_url and not (settings.chroma_path / "chroma.sqlite3").exists():
        return None
    client = client if client is not None else _client(settings)
    try:
        return client.get_collection(name, embedding_function=None)
    except Exception as exc:  # chromadb raises NotFoundError (1.x) or ValueError (0.x) for a missing one
        if "does not exist" in str(exc) or type(exc).__name__ in {"NotFoundError", "InvalidCollectionException"}:
            return None
        raise


def text_digest(text: str) -> str:
    """The chunk text's fingerprint kept with its vector (``TEXT_KEY``), by which an
    unchanged chunk keeps its vector on re-ingest: ``text_digest("三公经费") → "5e0f…"``
    (32 hex digits)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _as_list(vectors) -> list:
    """Chroma returns stored embeddings as a numpy array or a list (or None)."""
    return [] if vectors is None else list(vectors)


def _payload(chunk: Chunk) -> dict:
    data = asdict(chunk)
    data["pages"] = list(chunk.pages)
    data["boxes"] = [[page, list(box)] for page, box in chunk.boxes]
    return data


def _chunk(payload: dict) -> Chunk:
    """A ``Chunk`` back from its stored payload; keys of other versions are ignored."""
    known = {f.name for f in fields(Chunk)}
    data = {k: v for k, v in payload.items() if k in known}
    data["pages"] = tuple(data.get("pages") or ())
    data["boxes"] = tuple((page, tuple(box)) for page, box in data.get("boxes") or ())
    return Chunk(**data)
