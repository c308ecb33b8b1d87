"""Conversation state for ``ask --session NAME``: one small JSON file per session.

The file lives in the workspace's ``sessions/`` folder, apart from the fact store and
the index (``ask`` stays a reader of those), and is written atomically (a temporary
file renamed over the old one), so a crash never leaves half a state.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from budgetlens.errors import UsageError


def _path(home: Path, name: str) -> Path:
    if not re.fullmatch(r"[\w.-]{1,64}", name) or name.startswith("."):
        raise UsageError(f"--session {name!r}: use letters, digits, '.', '-' or '_' (at most 64)")
    return Path(home) / "sessions" / f"{name}.json"


def load_state(home: Path, name: str) -> dict | None:
    path = _path(home, name)
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # an unreadable state starts the conversation afresh


def save_state(home: Path, name: str, state: dict) -> None:
    path = _path(home, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False)
    os.replace(tmp, path)
