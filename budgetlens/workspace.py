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

**Out of space.** A full disk is not a file's fault: the writers check for room before
they write a document (``require_space``: what it needs, roughly, plus a 1 MiB margin)
and turn a write that still meets a full disk (``ENOSPC``, SQLite's "database or disk is
full", an I/O error with nothing free) into one ``DiskFullError``::

    error: /data/.budgetlens: no space left on device while storing f2.txt (96 KiB free)
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from budgetlens.errors import BudgetlensError, DiskFullError

CRASH_ENV = "BUDGETLENS_CRASH_AT"
LOCK_NAME = ".write.lock"


class WorkspaceBusy(BudgetlensError):
    """Another process holds the workspace's writer lock."""


@contextmanager
def writer_lock(home: str | Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the workspace's writer lock; ``WorkspaceBusy`` after ``timeout`` seconds."""
    from filelock import FileLock, Timeout

    home = Path(home)
    lock = FileLock(str(home / LOCK_NAME))
    try:
        home.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=timeout)
    except Timeout:  # (a TimeoutError, so an OSError: first)
        raise WorkspaceBusy(f"{home}: another budgetlens process is writing this workspace "
                            f"(waited {timeout:g} s)") from None
    except OSError as exc:
        if out_of_space(exc, home):
            raise disk_full(home, "taking the writer lock") from None
        raise BudgetlensError(f"{home}: cannot write the workspace ({exc.strerror or exc})") from None
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


SPACE_MARGIN = 1 << 20  # bytes kept free beyond what a write needs
_FULL_WORDS = ("no space left", "disk is full", "disk full", "not enough space")


def free_bytes(where: str | Path) -> int | None:
    """Free bytes on the file system holding ``where`` (its nearest existing folder)."""
    p = Path(where).absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        return shutil.disk_usage(p).free
    except OSError:
        return None


def _size(n: int | None) -> str:
    if n is None:
        return "unknown"
    return f"{n} bytes" if n < 1024 else f"{n >> 10} KiB" if n < (8 << 20) else f"{n >> 20} MiB"


def out_of_space(exc: BaseException, where: str | Path) -> bool:
    """Was ``exc`` (or an error it was raised from) a full disk? ``ENOSPC``/``EDQUOT``, a
    message saying so (SQLite: "database or disk is full"; Chroma passes SQLite's on), or
    an I/O error on a file system with less than the margin free."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(e).lower()
        if any(word in text for word in _FULL_WORDS):
            return True
        if isinstance(e, OSError) or "i/o error" in text:
            free = free_bytes(where)
            if free is not None and free < SPACE_MARGIN:
                return True
        e = e.__cause__ or e.__context__
    return False


def disk_full(where: str | Path, doing: str) -> DiskFullError:
    """The one error of a full disk: where, while doing what, how much is free."""
    return DiskFullError(f"{where}: no space left on device while {doing} ({_size(free_bytes(where))} free)")


def require_space(where: str | Path, needed: int, doing: str) -> None:
    """``DiskFullError`` unless ``where``'s file system has ``needed`` bytes and the margin free.

    require_space(home, 300_000, "storing f2.txt")   # 96 KiB free →
    DiskFullError: /data/.budgetlens: no space left on device while storing f2.txt (96 KiB free)"""
    free = free_bytes(where)
    if free is not None and free < needed + SPACE_MARGIN:
        raise disk_full(where, doing)


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
