"""Chunks, embeddings, BM25 and the fused index: offline, with the hash embedding."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from budgetlens.settings import Settings
from budgetlens.index.chunking import MAX_CHARS, chunk_document, render_table, table_caption
from budgetlens.index.embedding import HashEmbedding, make_embeddings
from budgetlens.index.lexical import InvertedBM25, LexicalStore, tokenize
from budgetlens.index.store import Index, chroma_where, rrf_fuse
from budgetlens.schemas.document import Block, Document, Grid, GridCell, Line, Page
from budgetlens.schemas.filing import Filing, Source, Table
from shared import SHARED, missing

ROOT = Path(__file__).resolve().parents[1]


# -- hand-built documents ------------------------------------------------------------


def _line(text: str, y: float = 0.0) -> Line:
    return Line(text=text, bbox=(50.0, y, 500.0, y + 12.0))


def _heading(text: str, level: int, y: float) -> Block:
    return Block(kind="heading", text=text, heading_level=level, lines=[_line(text, y)])


def _para(text: str, y: float) -> Block:
    return Block(kind="text", text=text, lines=[_line(text, y)])


def _grid() -> Grid:
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["2101501", "行政运行", "137.70", "137.70", ""],
            ["2101502", "一般行政管理事务", "18.92", "", "18.92"]]
    cells = [GridCell(row=r, col=c, text=t, page=2, bbox=(50.0 + 90 * c, 200.0 + 20 * r, 130.0 + 90 * c, 215.0 + 20 * r))
             for r, row in enumerate(rows) for c, t in enumerate(row) if t]
    return Grid(kind="ruled", pages=[2], n_rows=3, n_cols=5, cells=cells, header_rows=1,
                title_lines=[Line(text="支出决算表"), Line(text="公开03表"), Line(text="金额单位：万元")])


def make_document(doc_id: str = "a" * 16, version: int = 1) -> Document:
    long_para = "镇安县医疗保障局加强基金监管，开展专项检查。" * 40  # > MAX_CHARS
    page1 = Page(number=1, source="text", blocks=[
        _heading("第一部分 单位概况", 1, 10),
        _heading("一、单位主要职责", 2, 30),
        _para("负责全县医疗保障工作，组织实施医保政策。", 50),
        _heading("（一）内设机构", 3, 70),
        _para("内设办公室和基金监管股。", 90),
        _heading("二、人员情况", 2, 110),
        _para(long_para, 130),
        _heading("第二部分 决算情况说明", 1, 400),
        _heading("一、收入支出决算总体情况说明", 2, 420),
        _para(f"2023 年收入总计、支出总计均为 526.04 万元，第{version}版。", 440),
    ])
    page2 = Page(number=2, source="text", blocks=[
        _heading("三、支出决算情况说明", 2, 100),
        Block(kind="table", table=0),
        _para("公务接待费支出决算 0.32 万元，主要原因是压缩开支。", 300),
    ])
    sha = doc_id + "0" * 48
    return Document(doc_id=doc_id, sha256=sha, path=f"/x/{doc_id}.pdf", media="pdf",
                    pages=[page1, page2], tables=[_grid()])


def make_filing(doc: Document, entity: str, year: int, doc_type: str = "final_accounts") -> Filing:
    return Filing(doc_id=doc.doc_id, source=Source(path=doc.path, sha256=doc.sha256, pages=2, media="pdf"),
                  entity=entity, fiscal_year=year, doc_type=doc_type)


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "ws", embedding="hash")


# -- chunking ------------------------------------------------------------------------


def test_chunks_never_cross_level_one_or_two_headings():
    chunks = chunk_document(make_document())
    narrative = [c for c in chunks if c.kind == "narrative"]
    level2 = ["一、单位主要职责", "二、人员情况", "一、收入支出决算总体情况说明", "三、支出决算情况说明"]
    for chunk in narrative:
        # each narrative chunk sits under exactly one level-2 heading, named first in its trail
        assert sum(h in chunk.section for h in level2) == 1, chunk.section
        assert chunk.body and chunk.body in chunk.text
    first = next(c for c in narrative if "组织实施医保政策" in c.text)
    assert first.section.startswith("第一部分 单位概况 > 一、单位主要职责")
    # a short level-3 section is absorbed into the chunk before it, heading kept inline
    assert "（一）内设机构" in first.body and "基金监管股" in first.body
    assert not any("526.04" in c.text for c in narrative if "第一部分" in c.section)


def test_long_paragraph_is_cut_at_sentence_ends():
    chunks = [c for c in chunk_document(make_document()) if c.section.endswith("二、人员情况")]
    assert len(chunks) >= 2
    assert all(len(c.body) <= MAX_CHARS for c in chunks)
    assert all(c.body.endswith("。") for c in chunks)


def test_chunk_ids_are_stable_and_carry_pages_and_boxes():
    a, b = chunk_document(make_document()), chunk_document(make_document())
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == len(a)
    assert a[0].chunk_id == f"{'a' * 16}:0000:narrative"
    last = a[-1]
    assert last.pages == (2,) and last.boxes and last.boxes[0][0] == 2


def test_table_chunk_has_title_label_unit_and_rows():
    doc = make_document()
    filing = make_filing(doc, "镇安县医疗保障局", 2023)
    filing.tables.append(Table(table_id="T03", title="支出决算表", pages=[2]))
    tables = [c for c in chunk_document(doc, filing) if c.kind == "table"]
    assert len(tables) == 1
    chunk = tables[0]
    for needle in ("支出决算表", "公开03表", "万元", "行政运行", "一般行政管理事务", "137.70", "18.92", "项目支出"):
        assert needle in chunk.text, needle
    assert chunk.text.startswith("镇安县医疗保障局 2023年 部门决算")
    assert chunk.table == 0 and chunk.table_id == "T03" and chunk.pages == (2,)
    assert chunk.section.endswith("三、支出决算情况说明")
    assert table_caption(doc.tables[0]) == ("支出决算表", "公开03表", "万元")
    assert "| 2101502 | 一般行政管理事务 | 18.92 |  | 18.92 |" in render_table(doc.tables[0])


def test_filing_metadata_goes_to_chunks():
    doc = make_document()
    chunks = chunk_document(doc, make_filing(doc, "乌海市医疗保障局", 2023))
    meta = chunks[0].metadata()
    assert meta["entity"] == "乌海市医疗保障局" and meta["fiscal_year"] == 2023
    assert meta["doc_type"] == "final_accounts" and meta["doc_id"] == doc.doc_id
    assert all(v is not None for v in meta.values())
    assert "entity" not in chunk_document(doc)[0].metadata()


# -- embeddings ----------------------------------------------------------------------


def test_hash_embedding_is_deterministic_normalised_and_similar_on_shared_bigrams():
    emb = HashEmbedding()
    texts = ["公务接待费支出决算", "公务接待费支出预算", "住房公积金缴费基数"]
    v = np.array(emb.embed_documents(texts))
    assert v.shape == (3, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert emb.embed_query(texts[0]) == emb.embed_documents([texts[0]])[0]
    assert v[0] @ v[1] > v[0] @ v[2]
    # independent of the process's hash seed
    code = ("from index.embedding import HashEmbedding;import json;"
            "print(json.dumps(HashEmbedding().embed_query('公务接待费支出决算')))")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert np.allclose(json.loads(out.stdout), v[0])


def _hash_vector_by_the_rule(text: str, dim: int = 512) -> list[float]:
    """The hashing rule written out plainly: each uni/bigram's blake2b picks a slot and
    a sign; weight 0.5 for a character, 1 for a bigram, times 1 + log(count)."""
    import hashlib
    import math
    from collections import Counter

    from budgetlens.ingest.normalize import fold

    chars = [c for c in fold(text) if not c.isspace()]
    feats = Counter("1" + c for c in chars)
    feats.update("2" + a + b for a, b in zip(chars, chars[1:]))
    vec = np.zeros(dim)
    for feat, count in feats.items():
        h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
        vec[h % dim] += (1.0 if h >> 63 else -1.0) * (0.5 if feat[0] == "1" else 1.0) * (1.0 + math.log(count))
    return (vec / np.linalg.norm(vec)).tolist()


def test_hash_embedding_keeps_its_vectors_when_features_repeat_across_texts():
    """Hashes kept from earlier texts give the very vector the rule gives (bit for bit)."""
    emb = HashEmbedding()
    texts = ["一般公共预算财政拨款支出 526.04 万元", "三公经费 ５２６．０４", "支出支出支出 2023 年"]
    assert emb.embed_documents(texts) == [_hash_vector_by_the_rule(t) for t in texts]
    assert emb.embed_query(texts[0]) == _hash_vector_by_the_rule(texts[0])


def test_make_embeddings_follows_settings():
    assert isinstance(make_embeddings(Settings(embedding="hash")), HashEmbedding)
    assert type(make_embeddings(Settings(embedding="e5"))).__name__ == "E5Embedding"
    with pytest.raises(Exception, match="unknown embedding"):
        make_embeddings(Settings(embedding="nope"))


# -- BM25 ------------------------------------------------------------------------------


class _LuceneIdfBM25:
    """rank-bm25's Okapi scorer with Lucene's idf: the reference for ours."""

    def __new__(cls, corpus):
        import math

        from rank_bm25 import BM25Okapi

        class Ref(BM25Okapi):
            def _calc_idf(self, nd):
                self.idf = {w: math.log(1 + (self.corpus_size - f + 0.5) / (f + 0.5)) for w, f in nd.items()}

        return Ref(corpus)


def test_inverted_bm25_matches_rank_bm25():

    texts = ["公务接待费支出决算0.32万元", "会议费预算1.2万元支出1.1万元", "住房公积金缴费基数提高",
             "公务用车运行维护费0万元", "机关运行经费支出6.27万元"]
    corpus = [tokenize(t, "bigram") for t in texts]
    query = tokenize("公务接待费花了多少", "bigram")
    ours = InvertedBM25(corpus).scores(query)
    theirs = _LuceneIdfBM25(corpus).get_scores(query)
    assert np.allclose(ours, theirs, atol=1e-5)
    assert int(np.argmax(ours)) == 0


def test_tokenisers():
    assert "接待" in tokenize("公务接待费", "bigram") and "接" in tokenize("公务接待费", "bigram")
    assert "526.04" in tokenize("总计５２６．０４万元", "bigram")
    assert "公务" in tokenize("公务接待费", "jieba")
    with pytest.raises(ValueError):
        tokenize("x", "words")


def test_lexical_store_persists_and_reloads(tmp_path: Path):
    path = tmp_path / "lex.sqlite"
    store = LexicalStore(path)
    store.replace("d1", [("d1:0", 0, "公务接待费支出决算0.32万元", {"doc_id": "d1", "fiscal_year": 2023}, {}),
                         ("d1:1", 1, "住房公积金缴费基数提高", {"doc_id": "d1", "fiscal_year": 2023}, {})])
    assert store.search("公积金")[0][0] == "d1:1"
    reopened = LexicalStore(path)  # a new process: loads the pickled index
    assert reopened.search("公积金")[0][0] == "d1:1"
    assert path.with_suffix(".bm25.pkl").exists()
    store.replace("d1", [("d1:0", 0, "会议费预算1.2万元", {"doc_id": "d1"}, {})])
    assert reopened.search("公积金") == []  # the generation moved: rebuilt
    assert reopened.search("会议费")[0][0] == "d1:0"
    assert reopened.search("会议费", where={"doc_id": "other"}) == []
    assert reopened.search("会议费", where={"fiscal_year": 2023}) == []  # field absent
    assert reopened.search("会议费", where={"doc_id": ["other", "d1"]})[0][0] == "d1:0"


# -- fusion ----------------------------------------------------------------------------


def test_rrf_prefers_items_both_methods_agree_on():
    fused = rrf_fuse({"dense": ["a", "b", "c"], "lexical": ["c", "d", "b"]})
    order = [cid for cid, _, _ in fused]
    assert order[0] in {"b", "c"} and set(order[:2]) == {"b", "c"}
    assert order.index("a") < order.index("d")  # dense rank 1 (1/61) beats lexical rank 2 (1/62)
    ranks = dict((cid, r) for cid, _, r in fused)
    assert ranks["c"] == {"dense": 3, "lexical": 1} and ranks["a"] == {"dense": 1}
    scores = dict((cid, s) for cid, s, _ in fused)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    weighted = [cid for cid, _, _ in rrf_fuse({"dense": ["a"], "lexical": ["d"]}, weights={"lexical": 2.0})]
    assert weighted == ["d", "a"]
    assert [cid for cid, _, _ in rrf_fuse({"dense": ["a"], "lexical": ["d"]})] == ["a", "d"]  # tie: id


def test_chroma_where_syntax():
    assert chroma_where(None) is None
    assert chroma_where({"fiscal_year": 2023}) == {"fiscal_year": 2023}
    assert chroma_where({"doc_id": ["x", "y"], "doc_type": "budget"}) == {
        "$and": [{"doc_id": {"$in": ["x", "y"]}}, {"doc_type": "budget"}]}
    with pytest.raises(Exception, match="cannot filter"):
        chroma_where({"colour": "red"})


# -- the index -------------------------------------------------------------------------


@pytest.fixture()
def offline(monkeypatch, tmp_path):
    """Refuse every non-loopback connection and isolate the home (model caches)."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("/"):
            raise OSError(f"network use in a test: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_upsert_is_idempotent_and_replaces_old_versions(settings, offline):
    idx = Index(settings)
    doc = make_document(version=1)
    chunks = chunk_document(doc)
    idx.upsert(doc.doc_id, chunks)
    idx.upsert(doc.doc_id, chunks)
    assert idx.count() == len(chunks)
    assert idx.doc_ids() == [doc.doc_id]

    v2 = chunk_document(make_document(version=2))[:3]
    v2 = [c for c in v2] + [c for c in chunk_document(make_document(version=2)) if "第2版" in c.text]
    idx.upsert(doc.doc_id, v2)
    assert idx.count() == len(v2)
    hits = idx.search("收入总计 526.04 第几版", k=3)
    assert "第2版" in hits[0].chunk.text
    assert not any("第1版" in h.chunk.text for h in idx.search("第1版", k=20))

    idx.delete(doc.doc_id)
    assert idx.count() == 0 and idx.doc_ids() == []
    assert idx.search("收入总计") == []
    assert not (offline / ".cache" / "chroma").exists()


class _CountingHash(HashEmbedding):
    def __init__(self):
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def test_reupsert_reuses_stored_vectors(settings, offline):
    emb = _CountingHash()
    idx = Index(settings, embeddings=emb)
    doc = make_document(version=1)
    chunks = chunk_document(doc)
    idx.upsert(doc.doc_id, chunks)
    assert len(emb.embedded) == len({c.text for c in chunks})
    emb.embedded.clear()
    idx.upsert(doc.doc_id, chunks)
    assert emb.embedded == []
    changed = chunk_document(make_document(version=2))
    idx.upsert(doc.doc_id, changed)
    assert len(emb.embedded) == 1 and "第2版" in emb.embedded[0]
    stored = idx.collection.get(ids=[changed[0].chunk_id], include=["embeddings"])
    assert np.allclose(stored["embeddings"][0], HashEmbedding().embed_query(changed[0].text), atol=1e-6)


def test_chroma_is_given_our_vectors(settings, offline):
    idx = Index(settings)
    doc = make_document()
    chunks = chunk_document(doc)
    idx.upsert(doc.doc_id, chunks)
    stored = idx.collection.get(ids=[chunks[0].chunk_id], include=["embeddings"])
    expected = HashEmbedding().embed_documents([chunks[0].text])[0]
    assert np.allclose(stored["embeddings"][0], expected, atol=1e-6)
    assert idx.name == "chunks-hash512"
    # a different embedding never shares the collection
    other = Index(settings, embeddings=HashEmbedding(dim=256))
    assert other.name != idx.name and other.count() == 0


def test_search_filters_and_reports_ranks(settings, offline):
    idx = Index(settings)
    docs = {"a" * 16: ("镇安县医疗保障局", 2023), "b" * 16: ("乌海市医疗保障局", 2022)}
    for doc_id, (entity, year) in docs.items():
        doc = make_document(doc_id)
        idx.upsert(doc_id, chunk_document(doc, make_filing(doc, entity, year)))
    hits = idx.search("公务接待费", k=4)
    assert {h.chunk.doc_id for h in hits} == set(docs)
    assert all(set(h.ranks) <= {"dense", "lexical"} and h.ranks for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    only = idx.search("公务接待费", k=4, where={"fiscal_year": 2022})
    assert only and all(h.chunk.fiscal_year == 2022 and h.chunk.doc_id == "b" * 16 for h in only)
    by_entity = idx.search("公务接待费", k=4, where={"entity": "镇安县医疗保障局", "kind": "narrative"})
    assert by_entity and all(h.chunk.entity == "镇安县医疗保障局" and h.chunk.kind == "narrative" for h in by_entity)
    assert idx.search("公务接待费", where={"doc_id": "c" * 16}) == []
    top = idx.search("公务接待费支出决算", k=1, mode="lexical")[0]
    assert "公务接待费" in top.chunk.text and set(top.ranks) == {"lexical"}
    assert top.chunk.boxes and isinstance(top.chunk.boxes[0][1], tuple)


# -- the question set on the seeds --------------------------------------------------------


def _seed_documents():
    if not (SHARED / "seeds").is_dir():
        missing("../shared/seeds is not beside the project")
    from budgetlens.eval.bench_retrieval import load_filings, read_seed

    docs = [read_seed(p) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    return docs, load_filings(ROOT / "eval" / "questions" / "retrieval.json", docs)


def test_question_set_needles_are_in_their_seeds():
    from budgetlens.eval.bench_retrieval import DEFAULT_QUESTIONS, load_questions

    docs, _ = _seed_documents()
    questions = load_questions(DEFAULT_QUESTIONS)
    assert len(questions) >= 30 and len({q.id for q in questions}) == len(questions)
    texts = {Path(d.path).name[:3]: "".join(p.text for p in d.pages).replace(" ", "") for d in docs}
    raw = {p.name[:3]: "".join(p.read_text(encoding="utf-8").split()) for p in (SHARED / "seeds").glob("*.txt")}
    for q in questions:
        assert q.doc in texts
        for needle in q.needles:
            assert "".join(needle.split()) in raw[q.doc], (q.id, needle)


def test_lexical_recall_on_seed_questions(settings, offline):
    from budgetlens.eval.bench_retrieval import DEFAULT_QUESTIONS, answers, load_questions

    docs, filings = _seed_documents()
    idx = Index(settings)
    for doc in docs:
        idx.upsert(doc.doc_id, chunk_document(doc, filings.get(doc.doc_id)))
    doc_ids = {Path(d.path).name[:3]: d.doc_id for d in docs}
    questions = load_questions(DEFAULT_QUESTIONS)
    found = sum(any(answers(h.chunk, q, doc_ids) for h in idx.search(q.question, k=5, mode="lexical"))
                for q in questions)
    assert found / len(questions) >= 0.75  # measured 0.90 with bigram BM25
    entity_hits = idx.search("获嘉县医疗保障局三公经费预算", k=5, where={"doc_type": "budget"})
    assert entity_hits and all(h.chunk.entity == "获嘉县医疗保障局" for h in entity_hits)


@pytest.mark.slow
def test_e5_embedding_runs_offline_and_ranks_related_text_higher(offline):
    from budgetlens.index.embedding import E5Embedding

    emb = E5Embedding()
    passages = emb.embed_documents(["公务接待费支出决算0.32万元，主要是接待上级检查。", "住房公积金缴费基数提高。"])
    query = np.array(emb.embed_query("接待费花了多少钱"))
    p = np.array(passages)
    assert p.shape == (2, 384) and query.shape == (384,)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert p[0] @ query > p[1] @ query
