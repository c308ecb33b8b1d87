"""The workspace on disk: one writer at a time, whole files only, named crash points.

**The writer lock.** Everything that changes a workspace (``ingest``, ``extract``,
``check FILE``, an upload, ``doctor``) holds ``<home>/.write.lock`` (``filelock``'s
``FileLock``: an ``flock`` the kernel drops when the process dies, even by SIGKILL, so
a killed writer never leaves a stale lock). Readers (``ask``, ``docs``, the app's
views) take no lock: the fact store is SQLite in WAL mode and is written last (see
``budgetlens.pipeline``), so a reader sees a document only once all of it is stored.
A second writer waits ``settings.lock_timeout`` seconds (30 by default), then stops::

    error: /data/.budgetlens: another budgetlens process is writing this workspace (waited 30 s)

**Whole files.** ``atomic_write`` writes to a temporary file with a name no other
process can pick (``tempfile.mkstemp`` in the same folder), fsyncs it and renames it
over the target, so a reader sees the old file or the new one, never a mix, and two
processes writing one target at once never write into the same temporary file.

**Crash points.** ``crash_point("name")`` does nothing unless the environment variable
``BUDGETLENS_CRASH_AT`` names that point, then the process kills itself with SIGKILL
there (tests use it to stop a writer at each write boundary and check what a crash
leaves). ``BUDGETLENS_CRASH_AT=analysed:hang`` sleeps instead (a stuck document),
``…:memory`` allocates without bound (a document that eats memory), ``…:raise`` raises
``RuntimeError`` (a bug), and
``analysed:hang@slow.txt`` does it only where the point's subject (a file path) holds
``slow.txt``.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from budgetlens.errors import BudgetlensError

CRASH_ENV = "BUDGETLENS_CRASH_AT"
LOCK_NAME = ".write.lock"


class WorkspaceBusy(BudgetlensError):
    """Another process holds the workspace's writer lock."""


@contextmanager
def writer_lock(home: str | Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the workspace's writer lock; ``WorkspaceBusy`` after ``timeout`` seconds."""
    from filelock import FileLock, Timeout

    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(home / LOCK_NAME))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise WorkspaceBusy(f"{home}: another budgetlens process is writing this workspace "
                            f"(waited {timeout:g} s)") from None
    try:
        yield
    finally:
        lock.release()


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` whole: a uniquely named temporary file, fsync, rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def crash_point(name: str, subject: str = "") -> None:
    """Stop here (SIGKILL, hang or runaway memory) when ``BUDGETLENS_CRASH_AT`` names ``name``."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    wanted, _, where = wanted.partition("@")
    point, _, action = wanted.partition(":")
    if point != name or (where and where not in subject):
        return
    if action == "hang":
        while True:
            time.sleep(3600)
    if action == "raise":
        raise RuntimeError(f"crash point {name}")
    if action == "memory":
        hog = []
        while True:
            hog.append(bytearray(64 << 20))
            for i in range(0, len(hog[-1]), 4096):
                hog[-1][i] = 1  # touch every page: resident, not just reserved
    os.kill(os.getpid(), signal.SIGKILL)
