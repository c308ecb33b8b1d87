"""The name probe's rules (``eval.probe_names``) on a small hand-made catalogue: the short
forms of a printed name, the bodies a form fits for the year and kind asked, and how an
answer is judged."""

from __future__ import annotations

from types import SimpleNamespace as NS

from budgetlens.eval.probe_names import Filing, Probe, fits, forms, judge, probes

CATALOGUE = [
    Filing("a", "深圳市统计局", 2026, "budget", "/c/a.pdf"),
    Filing("b", "西安市统计局", 2026, "budget", "/c/b.pdf"),
    Filing("c", "西安市发展和改革委员会", 2019, "budget", "/c/c.pdf"),
    Filing("d", "上海市普陀区商务委员会", 2025, "budget", "/c/d.pdf"),
    Filing("e", "中共深圳市委宣传部", 2026, "budget", "/c/e.pdf"),
    Filing("f", "上海市应急管理局执法总队", 2026, "budget", "/c/f.pdf"),
    Filing("g", "镇安县医疗保障局", 2023, "final_accounts", "/c/g.pdf"),
    Filing("h", "上海市统计和大数据研究院（上海市统计数据管理中心）", 2026, "budget", "/c/h.pdf"),
]


def test_forms_by_rule():
    assert forms("深圳市统计局") == {"深圳市统计局": "full", "统计局": "noplace", "市统计局": "level",
                                    "深圳的统计局": "city", "深圳统计局": "city"}
    f = forms("西安市发展和改革委员会")
    assert (f["发改委"], f["西安发改委"], f["发展和改革委"]) == ("abbrev", "abbrev", "unit")
    f = forms("上海市普陀区商务委员会")
    assert (f["普陀区商务委员会"], f["普陀商务委员会"], f["商务委"]) == ("district", "district", "unit")
    assert {k for k, v in forms("中共深圳市委宣传部").items() if v == "party"} == {"宣传部", "市委宣传部", "深圳市委宣传部"}
    assert forms("中国共产党广州市委员会宣传部")["中共广州市委宣传部"] == "party"
    assert forms("上海市应急管理局执法总队")["执法总队"] == "sub"
    assert forms("深圳市卫生健康委员会（本级）")["卫健委"] == "abbrev"  # the tag is no part of the name
    f = forms("上海市统计和大数据研究院（上海市统计数据管理中心）")
    assert f["统计数据管理中心"] == f["统计和大数据研究院"] == "bracket"
    assert "局" not in forms("深圳市局") and "中心" not in f  # a unit word alone names nothing


def test_fits_for_the_year_and_kind_asked():
    assert sorted(fits("统计局", CATALOGUE)) == ["深圳市统计局", "西安市统计局"]
    assert sorted(fits("统计局", CATALOGUE, 2026, "budget")) == ["深圳市统计局", "西安市统计局"]
    assert fits("统计局", CATALOGUE, 2025, "budget") == {}
    assert fits("医保局", CATALOGUE, 2023, "final_accounts") == {"镇安县医疗保障局": ["g"]}
    assert fits("医保局", CATALOGUE, 2023, "budget") == {}


def test_probes_are_asked_once_and_only_of_the_part_chosen():
    ps = probes(CATALOGUE, lambda path: "dev" if path in ("/c/a.pdf", "/c/b.pdf") else None)
    assert {p.source for p in ps} == {"深圳市统计局", "西安市统计局"}
    assert len({p.question for p in ps}) == len(ps)
    several = next(p for p in ps if p.form == "统计局" and p.template == "year")
    assert several.question.startswith("统计局2026年") and several.question.endswith("预算是多少？")
    assert several.gold == ["深圳市统计局", "西安市统计局"] and several.rule == "noplace"
    none = [p for p in ps if p.template == "none"]
    assert none and all(not p.gold for p in none)


def _answer(kind="value", value=None, cited=(), candidates=(), text=""):
    return NS(kind=kind, value=value, table=[], answer=text, candidates=list(candidates),
              citations=[NS(doc_id=d) for d in cited])


def _probe(gold: dict) -> Probe:
    return Probe("统计局2026年“三公”经费预算是多少？", "统计局", "noplace", "year", "深圳市统计局", "dev",
                 sorted(gold), gold)


def test_judge():
    several = _probe({"深圳市统计局": ["a"], "西安市统计局": ["b"]})
    one = _probe({"深圳市统计局": ["a"]})
    none = _probe({})
    assert judge(several, _answer(value=1.0, cited=["a"]), {})[0] == "confident_wrong"
    asked = [{"label": "深圳市统计局", "citation": {"doc_id": "a"}}, {"label": "西安市统计局", "citation": {"doc_id": "b"}}]
    assert judge(several, _answer("clarify", candidates=asked), {})[0] == "right"
    assert judge(several, _answer("clarify", candidates=asked[:1]), {})[0] == "incomplete"
    assert judge(several, _answer("not_found"), {})[0] == "not_found"
    assert judge(one, _answer(value=1.0, cited=["a"]), {})[0] == "right"
    assert judge(one, _answer(value=1.0, cited=["b"]), {})[0] == "wrong"
    assert judge(one, _answer("not_found"), {})[0] == "not_found"
    assert judge(none, _answer("not_found"), {})[0] == "right"
    assert judge(none, _answer(value=1.0, cited=["a"]), {})[0] == "wrong"
