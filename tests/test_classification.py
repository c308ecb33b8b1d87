"""The 政府收支分类科目 data: codes and names as printed, former names, no guesses."""

from __future__ import annotations

from pathlib import Path

import pytest
from budgetlens.eval.build_classification import build, codes_of_row
from budgetlens.schemas import classification as cls
from budgetlens.schemas.classification import Classification


def test_shipped_data_names_codes_as_printed():
    assert cls.name_of("2010101") == "行政运行"
    assert cls.name_of("301") == "工资福利支出"
    assert cls.name_of("30101") == "基本工资"
    assert cls.kind("2010101") == "function" and cls.kind("30101") == "economic"
    assert cls.kind("12ab") is None
    assert "20101" in cls.children("201") and all(len(c) == 5 for c in cls.children("201"))
    assert "2050202" in cls.codes_for("小学教育")
    assert "2010101" in cls.codes_for(" 行政运行（项）")  # normalised


def test_shipped_data_says_it_is_incomplete():
    data = cls.default()
    text = " ".join(data.header)
    assert "INCOMPLETE" in text and "built from" in text and "filings" in text
    assert len(data) > 500


def test_former_names_are_kept_with_their_years():
    # 20805 was 行政事业单位离退休 in the 2017-2019 filings, 行政事业单位养老支出 after
    assert cls.name_of("20805") == "行政事业单位养老支出"
    assert cls.is_former("20805", "行政事业单位离退休")
    assert not cls.is_former("20805", "行政事业单位养老支出")
    assert cls.name_of("20805", year=2018) == "行政事业单位离退休"
    # 210 is printed with its code only as 卫生健康支出; its older name
    # 医疗卫生与计划生育支出 appears in the filings without a code, so it is not guessed
    assert cls.name_of("210") == "卫生健康支出"
    assert cls.codes_for("医疗卫生与计划生育支出") == []


def test_a_name_or_code_not_listed_gives_nothing():
    assert cls.codes_for("火星探测支出") == []
    assert cls.name_of("2999999") is None


@pytest.mark.parametrize("tokens, expected", [
    (["2010101", "行政运行", "1,234.50"], [("2010101", "行政运行")]),
    (["[2010101]行政运行", "12.00"], [("2010101", "行政运行")]),
    (["2010101-行政运行", "12.00"], [("2010101", "行政运行")]),
    (["201", "01", "01", "行政运行", "3.00"], [("2010101", "行政运行")]),
    (["201", "01", "人大事务", "3.00"], [("20101", "人大事务")]),
    (["30101", "基本工资", "297.50"], [("30101", "基本工资")]),
    (["一、财政拨款收入", "20805", "二、外交支出"], []),  # an amount before a numbered label
    (["合计", "20000", "合计"], []),
    (["20000", "一般公共预算拨款支出"], []),  # 款 00: a heading, not a code
])
def test_code_rows_are_read(tokens, expected):
    assert codes_of_row(tokens) == expected


def _filing(tmp: Path, name: str, year: int, rows: list[str]) -> Path:
    path = tmp / name
    path.write_text(f"{year}年部门预算\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_data_builds_reproducibly_from_a_small_fixture(tmp_path):
    files = [
        (_filing(tmp_path, "a.txt", 2018, ["20805\t行政事业单位离退休\t10.00", "2010101\t行政运行\t1.00",
                                             "2040601\t行政运行\t2.00"]), "a|2018", 2018),
        (_filing(tmp_path, "b.txt", 2018, ["20805\t行政事业单位离退休\t11.00", "2010101\t行政运行\t1.00"]),
         "b|2018", 2018),
        (_filing(tmp_path, "c.txt", 2025, ["20805\t行政事业单位养老支出\t10.00", "2010101\t行政运行\t3.00",
                                             "2010101\t某某市某某局\t3.00", "2099901\t甲事项\t1.00",
                                             "2099901\t乙事项\t1.00"]), "c|2025", 2025),
        (_filing(tmp_path, "d.txt", 2025, ["20805\t行政事业单位养老\t9.00", "2010101\t行政运行\t2.00"]),
         "d|2025", 2025),
    ]
    out = tmp_path / "classification.tsv"
    build(tmp_path, out, files)
    first = out.read_bytes()
    build(tmp_path, out, files)
    assert out.read_bytes() == first  # byte-identical rebuild
    data = Classification.load(out)
    status = {(e.code, e.name): e.status for e in data.entries}
    assert status[("20805", "行政事业单位离退休")] == "former"
    assert status[("20805", "行政事业单位养老支出")] == "current"  # the wrapped copy counts for it
    assert ("20805", "行政事业单位养老") not in status
    assert status[("2010101", "某某市某某局")] == "unconfirmed"
    assert status[("2099901", "甲事项")] == status[("2099901", "乙事项")] == "conflict"
    assert data.name_of("2099901") is None  # two names in one year: no guess
    assert data.name_of("20805") == "行政事业单位养老支出"
    assert data.name_of("20805", 2018) == "行政事业单位离退休"
    assert data.codes_for("行政运行") == ["2010101", "2040601"]
    assert data.codes_for("某某市某某局") == []
    assert "built from 4 filings" in out.read_text(encoding="utf-8")


def test_codes_split_over_class_columns_take_their_parents():
    """shandong-yantai-004 (dev) 公开表2: ``类 款 项`` columns, each row printing only its
    own level: ``208 社会保障和就业支出``, ``05 行政事业单位养老支出``, ``01 行政单位离退休``."""
    from budgetlens.eval.build_classification import SplitColumns

    def row(*cells):  # (x centre, text) → word tuples
        return [(x - 8, 100, x + 8, 110, t) for x, t in cells]

    split = SplitColumns()
    assert split.feed(row((40, "类"), (60, "款"), (80, "项"), (200, "小计"))) == []
    assert split.feed(row((40, "208"), (150, "社会保障和就业支出"), (300, "1,417.18"))) == [("208", "社会保障和就业支出")]
    assert split.feed(row((60, "05"), (150, "行政事业单位养老支出"), (300, "1,350.18"))) == [("20805", "行政事业单位养老支出")]
    assert split.feed(row((80, "01"), (150, "行政单位离退休"), (300, "964.94"))) == [("2080501", "行政单位离退休")]
    assert split.feed(row((80, "02"), (150, "事业单位离退休"), (300, "38.84"))) == [("2080502", "事业单位离退休")]
    assert split.feed(row((60, "99"), (150, "其他社会保障和就业支出"))) == [("20899", "其他社会保障和就业支出")]
    fresh = SplitColumns()  # no parent printed: a part alone gives nothing
    fresh.feed(row((40, "类"), (60, "款"), (80, "项")))
    assert fresh.feed(row((80, "01"), (150, "行政运行"))) == []
