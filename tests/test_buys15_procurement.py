"""A procurement part read from the list of the total it is printed in (纳入部门预算的政府采购项目共有
775.86万元，其中：货物类项目36.50万元…): asked as 政府采购货物类项目, as 政府采购项目中货物类, in a list
(政府采购里的货物类和工程类项目), compared (政府采购服务类比货物类), and as a share whose whole is said
only as the total (占总额, 占总安排, 占几成？给个百分比) — the total printed before the part's list;
and the fixed assets a body 拟购置, asked as what it 打算买."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page

AUDIT = "澄岚县审计局"
JUSTICE = "澄岚县司法局"
COMMERCE = "澄岚县商务局"
STREET = "澄岚县万川街道办事处"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    audit = [text_page(1, f"{AUDIT}2026年部门预算"),
             text_page(2, f"{AUDIT}纳入2026年部门预算的政府采购项目共有775.86万元，其中：货物类项目36.50万元、"
                          "工程类项目2.07万元、服务类项目737.29万元。")]
    justice = [text_page(1, f"{JUSTICE}2026年部门预算"),
               text_page(2, "四、政府采购情况2026年本部门政府采购安排17,951.4万元，其中：货物类采购预算2,300.46万元，"
                            "工程类采购预算1,618.96万元，服务类采购预算14,031.98万元。")]
    commerce = [text_page(1, f"{COMMERCE}2026年部门预算"),
                text_page(2, "本年度拟购置固定资产7.56万元，主要是办公设备、家具等。")]
    street = [text_page(1, f"{STREET}2026年部门预算"),
              text_page(2, "2026年本部门政府采购预算4821.20万元，其中：政府采购货物预算57.43万元、政府采购工程预算3780.72万元、"
                           "政府采购服务预算983.05万元。",
                        "2026年本部门面向中小企业预留政府采购项目预算金额1928.48万元，其中，预留给小型和微型企业的政府采购"
                        "项目预算为1349.94万元。")]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("a" * 16, AUDIT, [], pages=audit),
                   stored_pdf("b" * 16, JUSTICE, [], pages=justice), stored_pdf("c" * 16, COMMERCE, [], pages=commerce),
                   stored_pdf("d" * 16, STREET, [], pages=street))
    yield a
    a.close()


def _value(asker, question):
    got = asker.ask(question)
    assert got.kind not in ("not_found", "clarify"), got.answer
    return got.value


def test_a_kind_named_after_the_procurement_its_list_is_of(asker):
    assert _value(asker, f"{AUDIT}2026年政府采购货物类项目是多少？") == pytest.approx(36.5)


def test_a_kind_named_within_the_procurement_projects(asker):
    assert _value(asker, f"{AUDIT}2026年纳入预算的政府采购项目中货物类多少钱？") == pytest.approx(36.5)


def test_a_list_of_kinds_said_after_li_de(asker):
    assert _value(asker, f"{AUDIT}2026年政府采购里的货物类和工程类项目加在一起是多少万元？") == pytest.approx(38.57)


def test_two_kinds_compared_after_the_procurement_words(asker):
    assert _value(asker, f"{JUSTICE}2026年政府采购服务类比货物类多多少万元？") == pytest.approx(11731.52)


@pytest.mark.parametrize("question", [
    f"{JUSTICE}2026年政府采购，服务类占总额百分之多少？",
    f"{JUSTICE}2026年的政府采购，服务类采购预算占总安排的百分之多少？",
    f"{JUSTICE}2026年政府采购里服务类占几成？给个百分比。",
    f"{JUSTICE}2026年政府采购，服务类占了多大比例？",
])
def test_a_share_of_the_total_printed_before_the_part_s_list(asker, question):
    assert _value(asker, question) == pytest.approx(78.17, abs=0.01)


def test_the_asking_after_the_share_names_no_whole():
    from budgetlens.qa.wholes import share_segments

    # 占几成？给个百分比: the whole is the procurement said before 里, not 给个
    assert share_segments("政府采购里服务类占几成给个百分比") == ((5, 8), (0, 4), True)


def test_the_fixed_assets_a_body_means_to_buy(asker):
    assert _value(asker, f"{COMMERCE}2026年打算买多少钱的固定资产？") == pytest.approx(7.56)


def test_all_of_the_procurement_said_as_the_whole(asker):
    # 占全部政府采购预算: 全部 says all of the 政府采购预算 printed, no other measure
    got = _value(asker, f"{STREET}2026年面向中小企业预留的政府采购金额，占全部政府采购预算的几成？用百分比回答。")
    assert got == pytest.approx(40.0, abs=0.01)
