"""Former class names against the year's classification, with a small stand-in data set."""

from __future__ import annotations

from typing import ClassVar

from budgetlens.checks.classnames import class_name_checks, printed_name
from test_checks_support import filing, table


class FakeClassification:
    """Two renamed codes, as the classification data marks them."""

    _names: ClassVar[dict[str, list[tuple[str, range]]]] = {"20805": [("行政事业单位离退休", range(2007, 2020)), ("行政事业单位养老支出", range(2020, 2031))],
              "210": [("医疗卫生与计划生育支出", range(2014, 2019)), ("卫生健康支出", range(2019, 2031))]}

    def name_of(self, code: str, year: int | None = None) -> str | None:
        for name, years in self._names.get(code, []):
            if year in years:
                return name
        return None

    def is_former(self, code: str, name: str) -> bool:
        return name in [n for n, _ in self._names.get(code, [])[:-1]]


def _t03(label_210: str, label_20805: str = "行政事业单位养老支出"):
    return table("T03", {"210": {"total": "10.00"}, "20805": {"total": "5.00"}}, page=14,
                 labels={"210": label_210, "20805": label_20805})


def test_former_name_after_the_rename_fails_naming_tables_and_pages() -> None:
    t01 = table("T01", {"210": {"amount": "10.00"}}, page=12,
                labels={"210": "七、医疗卫生与计划生育支出"})
    f = filing(t01, _t03("医疗卫生与计划生育支出"), year=2023)
    results = list(class_name_checks(f, FakeClassification()))
    assert [(r.check_id, r.status, r.pages) for r in results] == [
        ("document.class_name.210", "fail", [12, 14])]
    assert "卫生健康支出" in results[0].message and "旧名称" in results[0].message
    assert {(o.table_id, o.key) for o in results[0].operands} == {("T01", "210"), ("T03", "210")}


def test_former_name_in_its_own_years_and_unknown_names_pass() -> None:
    data = FakeClassification()
    assert list(class_name_checks(filing(_t03("医疗卫生与计划生育支出"), year=2017), data)) == []
    # a name the data does not know is never flagged
    assert list(class_name_checks(filing(_t03("卫生健康事务支出"), year=2023), data)) == []
    assert list(class_name_checks(filing(_t03("卫生健康支出"), year=2023), data)) == []
    got = list(class_name_checks(filing(_t03("卫生健康支出", "行政事业单位离退休"), year=2021), data))
    assert [r.check_id for r in got] == ["document.class_name.20805"]


def test_printed_name_drops_numbering() -> None:
    assert printed_name("一、教育支出") == "教育支出"
    assert printed_name("（六）科学技术支出") == "科学技术支出"
    assert printed_name("2101501 行政运行") == "行政运行"


def test_tables_of_a_file_without_its_own_name_agree() -> None:
    from budgetlens.checks import run_checks

    def named(tid: str, entity: str, page: int):
        t = table(tid, {"total": {"total": "1.00"}}, page=page)
        return t.model_copy(update={"entity": entity})

    f = filing(named("B01", "江苏省政协办公厅", 3), named("B02", "江苏省政协办公厅", 4),
               named("B03", "浙江省政协办公厅", 5), entity=None)
    got = {r.check_id: r for r in run_checks(f) if r.check_id.startswith("document.entity")}
    assert got["document.entity.B03"].status == "fail" and got["document.entity.B03"].pages == [5]
    assert "document.entity.B01" not in got
    one = filing(named("B01", "江苏省政协办公厅", 3), entity=None)
    assert {r.status for r in run_checks(one) if r.check_id.startswith("document.entity")} == {"skipped"}
