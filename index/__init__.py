"""Search over filings: chunks, offline embeddings, Chroma + BM25 fused by rank.

    from budgetlens.index import Index, chunk_document
    idx = Index(settings)                      # settings.embedding: "e5" | "hash"
    idx.upsert(doc.doc_id, chunk_document(doc, filing))
    hits = idx.search("三公经费", k=5, where={"fiscal_year": 2023})
"""

from budgetlens.index.chunking import Chunk, chunk_document, render_table, table_caption
from budgetlens.index.embedding import E5Embedding, HashEmbedding, make_embeddings
from budgetlens.index.lexical import LexicalStore, tokenize
from budgetlens.index.store import Hit, Index, rrf_fuse

__all__ = ["Chunk", "chunk_document", "render_table", "table_caption", "E5Embedding",
           "HashEmbedding", "make_embeddings", "LexicalStore", "tokenize", "Hit", "Index", "rrf_fuse"]
