"""Entity resolution never takes one body for another: a parent named by a short form is
not the body inside it (深圳市市场监管局 is no 深汕监管局), a short form followed by its own
body word is not a longer name's prefix (上海市统计局 is no 统计和大数据研究院), a body word
without its place names every body whose last body it abbreviates (文旅局 → both 文化和旅游局
and 文化广电旅游体育局: a question back), a cover's first line is not the body (中共广州市委
over 中共广州市委宣传部), and siblings listed after their parent are each named."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import DocInfo
from budgetlens.qa.resolve import Resolver, listed_bodies, parent_split

BODIES = {
    "d1": ("深圳市市场监督管理局深汕监管局", ()),
    "d2": ("广州市市场监督管理局", ()),
    "d3": ("上海市统计和大数据研究院", ()),
    "d4": ("烟台市文化和旅游局", ()),
    "d5": ("深圳市文化广电旅游体育局", ()),
    "d6": ("中国共产党广州市委员会", ("中国共产党广州市委员会宣传部",)),
    "d7": ("深圳市规划和自然资源局宝安管理局", ()),
    "d8": ("深圳市规划和自然资源局大鹏管理局", ()),
    "d9": ("深圳市规划和自然资源局盐田管理局", ()),
    "d10": ("深圳市公安局", ()),
    "d11": ("深圳市公安局交通管理局", ()),
    "d12": ("上海市应急管理局执法总队", ()),
    "d13": ("深圳市统计局", ()),
    "d14": ("广州市气象局", ()),
    "d15": ("广州市信访局", ()),
    "d16": ("西安市工业和信息化局", ()),
    "d17": ("西安市人民政府国有资产监督管理委员会", ()),
    "d18": ("烟台市住房和城乡建设局", ()),
    "d19": ("烟台市自然资源和规划局", ()),
    "d20": ("中共深圳市委宣传部", ()),
    "d21": ("深圳市信访局", ()),
}


@pytest.fixture(scope="module")
def resolver():
    return Resolver([DocInfo(d, f"/{d}.pdf", d, e, 2026, "budget", "部门", names) for d, (e, names) in BODIES.items()])


@pytest.mark.parametrize("question", [
    "深圳市市场监管局2026年公务接待费是多少？",  # the parent of 深汕监管局, which no filing is about
    "深圳市市场监督管理局2026年“三公”经费预算是多少？",
    "上海市统计局2026年公务接待费是多少？",  # 统计 then 局: not 统计和大数据研究院
    "上海市应急管理局2026年“三公”经费是多少？",  # the parent of its 执法总队
    "广州市委2026年“三公”经费预算是多少？",  # the cover's first line of the 宣传部's filing
])
def test_a_parent_or_another_body_is_never_resolved_to_a_body_we_hold(resolver, question):
    assert resolver.resolve(question).names == []


def test_a_place_less_short_form_names_every_body_it_abbreviates(resolver):
    assert set(resolver.resolve("文旅局2026年“三公”经费多少？").names) == {"烟台市文化和旅游局", "深圳市文化广电旅游体育局"}
    # 市场监管局 abbreviates 广州市市场监督管理局, never the 深汕监管局 inside a parent of that name
    assert resolver.resolve("市场监管局2026年“三公”经费是多少？").names == ["广州市市场监督管理局"]
    assert resolver.resolve("执法总队2026年的三公经费预算是多少？").names == ["上海市应急管理局执法总队"]


def test_the_parents_own_short_form_is_the_parent_and_a_bare_prefix_is_ambiguous(resolver):
    assert resolver.resolve("深圳公安局2026年“三公”经费预算有多少？").names == ["深圳市公安局"]
    assert set(resolver.resolve("深圳公安2026年“三公”经费预算有多少？").names) == {"深圳市公安局", "深圳市公安局交通管理局"}
    assert resolver.resolve("中共广州市委宣传部2026年“三公”经费是多少？").names == ["中共广州市委宣传部"]


def test_siblings_listed_after_their_parent_are_each_named(resolver):
    names = resolver.resolve("深圳规划和自然资源局宝安、盐田两个管理局2026年政府采购加起来多少万元？").names
    assert names == ["深圳市规划和自然资源局宝安管理局", "深圳市规划和自然资源局盐田管理局"]  # never 大鹏


def test_parent_split():
    assert parent_split("规划和自然资源局宝安管理局") == ("规划和自然资源局", "宝安管理局")
    assert parent_split("卫生健康委员会") is None and parent_split("工业和信息化局部门") is None


@pytest.mark.parametrize("question, names", [
    ("广州市气象局2026年机关运行经费比信访局多多少万元？", ["广州市气象局", "广州市信访局"]),  # never 深圳市信访局
    ("西安市工信局和市国资委2022年机关运行经费加起来多少万元？",
     ["西安市工业和信息化局", "西安市人民政府国有资产监督管理委员会"]),
    ("烟台市住建局和自然资源和规划局2026年机关运行经费总共多少？", ["烟台市住房和城乡建设局", "烟台市自然资源和规划局"]),
    ("深圳市统计局2026年公务接待费比市委宣传部多多少？", ["深圳市统计局", "中共深圳市委宣传部"]),
    ("深圳市统计局2026年公务接待费比教育局多多少？", ["深圳市统计局"]),  # no 深圳市教育局: not another city's
])
def test_a_body_named_after_the_first_without_its_place_is_of_that_place(resolver, question, names):
    assert resolver.resolve(question).names == names


def test_the_province_word_alone_names_each_province_we_hold_a_body_of():
    """省政协 with no place said: 省 stands for each province whose own bodies are stored; two
    provinces' 政协 both fit (a question back), and 省 never reaches a city's body."""
    def names(bodies, question):
        docs = [DocInfo(f"d{i}", f"/d{i}.pdf", f"d{i}", e, 2019, "budget", "部门", ()) for i, e in enumerate(bodies)]
        return Resolver(docs).resolve(question).names

    one = ["江州省政协办公厅", "江州省人民检察院", "岚州市教育局"]
    assert names(one, "省政协2019年委员视察（项）是多少？") == ["江州省政协办公厅"]
    assert names(one, "省检察院2019年“三公”经费是多少？") == ["江州省人民检察院"]
    assert names(one, "省教育局2019年“三公”经费是多少？") == []
    two = one + ["河州省政协办公厅"]
    assert set(names(two, "省政协2019年委员视察（项）是多少？")) == {"江州省政协办公厅", "河州省政协办公厅"}
    # a place said is kept: 岚州的政协 is no province's
    assert names(two, "岚州市政协2019年“三公”经费是多少？") == []


def test_the_government_office_said_short_is_its_office_not_another_office_of_it():
    """政府办 is 人民政府办公厅, said with its words together, not 人民政府口岸办公室, where 口岸 falls
    between them; in a list too (广州科技局、气象局、政府办)."""
    bodies = ["深圳市人民政府口岸办公室", "深圳市人民政府办公厅", "广州市人民政府办公厅", "广州市气象局", "广州市科学技术局"]
    r = Resolver([DocInfo(f"d{i}", f"/d{i}.pdf", f"d{i}", e, 2026, "budget", "部门", ()) for i, e in enumerate(bodies)])
    assert r.resolve("深圳政府办2026年的公用经费是多少？").names == ["深圳市人民政府办公厅"]
    assert r.resolve("深圳口岸办2026年的公用经费是多少？").names == ["深圳市人民政府口岸办公室"]
    listed = listed_bodies(r, "比较广州科技局、气象局、政府办2026年的公用经费，哪家最低？")
    assert listed["names"] == ["广州市科学技术局", "广州市气象局", "广州市人民政府办公厅"] and not listed["missing"]
