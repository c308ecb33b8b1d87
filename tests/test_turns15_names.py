"""A body inside a parent, listed with its own stem first and the parent said short
(宝安规自管理局 for 规划和自然资源局宝安管理局), is that body — never missing, never another."""

from __future__ import annotations

from types import SimpleNamespace

from budgetlens.qa.resolve import Resolver, listed_bodies


def _resolver(*names: str) -> Resolver:
    return Resolver([SimpleNamespace(doc_id=f"{i:016x}", entity=n, names=[]) for i, n in enumerate(names)])


_NAMES = ("沪州市规划和自然资源局东岭管理局", "沪州市规划和自然资源局西岭管理局", "沪州市审计局", "沪州市人民政府口岸办公室")


def test_a_sub_body_said_stem_first_with_its_parent_short_is_found():
    got = listed_bodies(_resolver(*_NAMES), "2026年沪州东岭规自管理局、西岭规自管理局、审计局、口岸办，公用经费谁最少？")
    assert got["names"] == ["沪州市规划和自然资源局东岭管理局", "沪州市规划和自然资源局西岭管理局", "沪州市审计局",
                            "沪州市人民政府口岸办公室"], got
    assert not got["missing"] and not got["ambiguous"]


def test_the_parent_said_in_full_after_the_stem_is_found_too():
    got = listed_bodies(_resolver(*_NAMES), "2026年沪州西岭规划和自然资源局、审计局，公用经费谁最少？")
    assert got["names"][0] == "沪州市规划和自然资源局西岭管理局", got


def test_a_stem_with_another_parent_is_not_the_sub_body():
    got = listed_bodies(_resolver(*_NAMES), "2026年沪州东岭审计管理局、审计局，公用经费谁最少？")
    assert "沪州市规划和自然资源局东岭管理局" not in got["names"], got


def test_a_list_ending_before_a_year_said_as_this_year_keeps_its_last_body():
    got = listed_bodies(_resolver(*_NAMES), "沪州审计局、口岸办今年拟购置固定资产谁最多？")
    assert got["names"] == ["沪州市审计局", "沪州市人民政府口岸办公室"] and not got["missing"], got
