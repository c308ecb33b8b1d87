"""A listed body said by the end of its printed name (确权登记事务中心 for 上海市自然资源确权登记
事务中心), when those words are long enough to name one body."""

from __future__ import annotations

from types import SimpleNamespace

from budgetlens.qa.resolve import Resolver, listed_bodies


def _resolver(*names: str) -> Resolver:
    return Resolver([SimpleNamespace(doc_id=f"{i:016x}", entity=n, names=[]) for i, n in enumerate(names)])


def test_a_listed_body_said_by_the_end_of_its_name_is_found():
    r = _resolver("沪州市统计和大数据研究院", "沪州市自然资源确权登记事务中心", "沪州市应急管理局执法总队")
    got = listed_bodies(r, "2026年沪州统计和大数据研究院、确权登记事务中心、应急执法总队，三公经费最少的是哪个？")
    assert got["names"] == ["沪州市统计和大数据研究院", "沪州市自然资源确权登记事务中心", "沪州市应急管理局执法总队"]
    assert not got["missing"]


def test_a_name_end_too_short_to_name_a_body_stays_missing():
    r = _resolver("沪州市统计和大数据研究院", "沪州市自然资源确权登记事务中心", "沪州市财务会计综合管理事务中心")
    got = listed_bodies(r, "2026年沪州统计和大数据研究院、事务中心，三公经费最少的是哪个？")
    assert "沪州市自然资源确权登记事务中心" not in got["names"]
