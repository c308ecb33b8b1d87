"""Search over filings: chunks, offline embeddings, Chroma + BM25 fused by rank.

    from budgetlens.index import Index, chunk_document
    idx = Index(settings)                      # settings.embedding: "e5" | "hash"
    idx.upsert(doc.doc_id, chunk_document(doc, filing))
    hits = idx.search("三公经费", k=5, where={"fiscal_year": 2023})
"""

# Loaded on first use: the process that reads a file needs the chunks and the hashing
# (``index.chunking``, ``index.hashing``) without the vector store and the model stack.
_EXPORTS = {"Chunk": "chunking", "chunk_document": "chunking", "render_table": "chunking",
            "table_caption": "chunking", "E5Embedding": "embedding", "HashEmbedding": "embedding",
            "make_embeddings": "embedding", "LexicalStore": "lexical", "tokenize": "lexical", "Hit": "store",
            "Index": "store", "rrf_fuse": "store"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'budgetlens.index' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"budgetlens.index.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value
