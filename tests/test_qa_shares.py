"""A share reads its part where the filing states it beside its whole: the narrative's
项目支出75,850.18万元 under 支出预算合计87,404.90万元 on one page, never the 财政拨款 table's
项目支出 over the all-funds whole; 项目支出在支出预算合计中占比 names the part before 在; a row
printed as 项目支出 is a measure, not the header word 项目; （本级） said beside the name stays
with both operands."""

from __future__ import annotations

import pytest
from budgetlens.qa import Asker
from budgetlens.qa.engine import share_segments
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing, Source
from budgetlens.settings import load
from budgetlens.store import Store
from qa_corpus import ruled_grid as _grid, text_block as _block

ENTITY = "澄岚市水利局"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    doc_id = "e" * 16
    # the all-funds table and the 财政拨款 tables print different 项目支出; two tables print the smaller
    total = _grid([["科目名称", "合计", "基本支出", "项目支出"], ["合计", "87,404.90", "11,554.72", "75,850.18"]], 3,
                  "支出总表")
    grant = _grid([["科目名称", "合计", "基本支出", "项目支出"], ["合计", "60,000.00", "7,462.47", "52,537.53"]], 4,
                  "财政拨款支出表（功能科目）")
    general = _grid([["科目名称", "合计", "基本支出", "项目支出"], ["合计", "60,000.00", "7,462.47", "52,537.53"]], 5,
                    "一般公共预算支出表")
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{ENTITY}（本级）单位预算")] if p == 1 else [])
             for p in range(1, 7)]
    pages[5].blocks.extend([_block(f"{ENTITY}2026年支出预算合计87,404.90万元，其中："),
                            _block("基本支出11,554.72万元，占13.22%；"),
                            _block("项目支出75,850.18万元，占86.78%。")])
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages,
                        tables=[total, grant, general])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=6, media="pdf"),
                    entity=ENTITY, fiscal_year=2026, doc_type="budget")
    home = tmp_path_factory.mktemp("ws")
    settings = load(home)
    store = Store(settings.db_path)
    store.put(document, filing, path=path, extractor_version="test")
    store.close()
    a = Asker(settings)
    yield a
    a.close()


def test_the_part_stated_beside_its_whole_on_one_page(asker):
    a = asker.ask(f"{ENTITY}2026年项目支出占支出预算合计的比重是多少？")
    assert a.value == pytest.approx(86.78, abs=0.01), a.answer


def test_the_part_before_zai_and_the_whole_before_zhong(asker):
    assert share_segments("项目支出在支出预算合计中占比多少") == ((0, 4), (5, 11), False)
    a = asker.ask(f"{ENTITY}（本级）2026年项目支出在支出预算合计中占比多少？")
    assert a.value == pytest.approx(86.78, abs=0.01), a.answer


def test_a_row_printed_as_xiang_mu_zhi_chu_is_a_measure(asker):
    # canon(项目支出) is 项目, the header word: the printed row still names the measure
    ms = asker.engine.finder.matches("项目支出", list(asker.engine.docs), [])
    assert any(m.fact.row == "项目支出" and m.fact.value == pytest.approx(75850.18) for m in ms)
    a = asker.ask(f"{ENTITY}2026年项目支出是多少？")
    assert a.value != pytest.approx(52537.53)  # two tables print it, but not as the whole's part


def test_a_whole_named_without_its_part_is_the_printed_sum_of_its_parts(tmp_path):
    doc_id = "f" * 16
    base = _grid([["科目名称", "预算"], ["委托业务费", "290.15"]], 2, "一般公共预算基本支出情况表（按经济分类科目）")
    proj = _grid([["科目名称", "预算"], ["委托业务费", "5,727.94"]], 3, "一般公共预算项目支出情况表（按经济分类科目）")
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{ENTITY}部门预算")] if p == 1 else [])
             for p in range(1, 5)]
    pages[3].blocks.append(_block("2026年本部门一般公共预算安排委托业务费6,018.09万元，主要用于水利规划编制。"))
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=[base, proj])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=4, media="pdf"),
                    entity=ENTITY, fiscal_year=2026, doc_type="budget")
    settings = load(tmp_path)
    store = Store(settings.db_path)
    store.put(document, filing, path=path, extractor_version="test")
    store.close()
    a = Asker(settings)
    try:
        # the base table's 290.15 is a part: the narrative's total of both tables answers
        ans = a.ask(f"{ENTITY}2026年一般公共预算安排的委托业务费是多少？")
        assert ans.value == pytest.approx(6018.09) and ans.citations[0].page == 4, ans.answer
    finally:
        a.close()
