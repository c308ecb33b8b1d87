"""Per-document limits that no ``except Exception`` can swallow: a child process, killed.

Each document is read and analysed in a child process; the parent watches it and kills
it (SIGKILL, with its whole process group: OCR workers too) when it runs longer than
``Limits.seconds`` or when the resident memory of the child and its descendants passes
``Limits.memory``. A signal or an exception raised *inside* the work could be caught by
a reader's or an extractor's generic handler and turn a cut-off document into a
"success"; a killed process cannot. Outcomes come back as data::

    run(fn, path, limits=Limits(seconds=300, memory=2 << 30))
    → Done(value=…)                                  the function returned
    → Raised(kind="input", reason="empty file (0 bytes)", reason_code="empty")
    → Raised(kind="internal", reason="KeyError: 'T01'", traceback="…")
    → Stopped(reason_code="timeout", reason="took longer than 300 s (the limit per document)")
    → Stopped(reason_code="memory", reason="used more than 2048 MiB (the limit per document)")
    → Stopped(reason_code="crashed", reason="the process reading it died (signal 11)")

``run(…, on_progress=f)`` also hands ``f`` each ``budgetlens.progress.Step`` the work
reports on its way (the stage and pages done), sent up the same pipe ahead of the
outcome: the app shows 「OCR 识别第 2/3 页」 while a scan is read.

Children are forked from multiprocessing's fork server (started once, with the reading
modules preloaded, so a child starts warm in a few milliseconds and never inherits the
parent's threads). A child dies with its parent: it asks the kernel for SIGKILL when the
fork server exits (``PR_SET_PDEATHSIG``), and the fork server exits when the parent
does, even on SIGKILL (each child closes its copy of the fork server's keep-alive pipe,
which multiprocessing would otherwise leave open in it). ``die_with_parent()`` does the same for any worker process (the
OCR pool calls it). The environment's ``BUDGETLENS_*`` variables are those of the
parent at the time of the call, not those of the fork server.

Dask workers are daemonic and may not start children: there ``budgetlens.bulk`` runs
documents in the worker itself under the cluster's own limits (see ``bulk.job``).
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from budgetlens import progress

POLL = 0.05  # seconds between looks at a running child's clock and memory
_ENV_PREFIX = "BUDGETLENS_"


@dataclass(frozen=True)
class Limits:
    seconds: float = 300.0
    memory: int = 2 << 30  # bytes, resident, of the child and its descendants

    def describe(self) -> str:
        return f"{self.seconds:g} s, {self.memory >> 20} MiB"


@dataclass(frozen=True)
class Done:
    value: Any
    seconds: float = 0.0


@dataclass(frozen=True)
class Raised:
    kind: str  # "input": a bad input (an InputError); "internal": any other exception
    reason: str
    reason_code: str
    traceback: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Stopped:
    reason_code: str  # timeout | memory | crashed
    reason: str
    seconds: float = 0.0


Outcome = Done | Raised | Stopped


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent exits (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return


def _child(conn, fn: Callable, args: tuple, env: dict[str, str], parent: int, tell: bool = False) -> None:
    """The child's side: run ``fn(*args)`` and send back what happened, as data; with
    ``tell``, each ``budgetlens.progress`` step goes up the same pipe first."""
    os.setpgid(0, 0)  # its own process group: the parent kills it with its OCR workers
    # What the fork server imported lives as long as this child: the collector need not
    # walk it again, and walking it would copy every page of it (copy-on-write).
    gc.freeze()
    _release_fork_server()
    die_with_parent()
    if os.getppid() != parent:  # the fork server died before prctl took effect
        os._exit(1)
    for key in [k for k in os.environ if k.startswith(_ENV_PREFIX)]:
        del os.environ[key]
    os.environ.update(env)
    started = time.perf_counter()
    try:
        with progress.listen(conn.send if tell else None):
            value = fn(*args)
        message: Outcome = Done(value, time.perf_counter() - started)
    except BaseException as exc:  # everything goes back to the parent as data
        from budgetlens.errors import InputError

        if isinstance(exc, InputError):
            message = Raised("input", exc.reason, exc.reason_code, seconds=time.perf_counter() - started)
        else:
            message = Raised("internal", f"{type(exc).__name__}: {exc}", "internal",
                             traceback.format_exc(), time.perf_counter() - started)
    try:
        conn.send(message)
    except Exception as exc:  # a value that does not pickle is the work's bug
        conn.send(Raised("internal", f"result could not be sent: {type(exc).__name__}: {exc}",
                         "internal", traceback.format_exc()))
    conn.close()
    # The work is done and its result sent: leave at once. Normal exit would join helper
    # processes the work keeps for reuse (the OCR pool of a scanned filing), which wait for
    # more work forever, and the parent would hang at its own exit waiting for this child.
    # Those helpers die with this process (die_with_parent); exit handlers get two seconds
    # to shut them down tidily first.
    tidy = threading.Thread(target=atexit._run_exitfuncs, daemon=True)
    tidy.start()
    tidy.join(2.0)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _release_fork_server() -> None:
    """Close this child's copy of the fork server's keep-alive pipe.

    multiprocessing hands every forked child the write end of the pipe whose EOF tells the
    fork server that its parent is gone, so a child that hangs would keep the fork server
    (and through it, itself) alive after the parent died. Without it, the fork server
    exits with the parent and the kernel then kills this child (``die_with_parent``)."""
    from multiprocessing import forkserver

    fd = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass
        forkserver._forkserver._forkserver_alive_fd = None


_CTX: dict[str, Any] = {}
_GONE = object()  # the child's pipe closed with nothing more in it


def _context(preload: Iterable[str]):
    ctx = _CTX.get("ctx")
    if ctx is None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        _CTX["ctx"] = ctx
    return ctx


def warm(preload: Iterable[str] = ()) -> None:
    """Start the fork server now: it imports ``preload`` in its own process while this
    one goes on (opening the workspace, say), so the first child starts warm."""
    from multiprocessing import forkserver

    _context(preload)
    forkserver.ensure_running()


class Child:
    """One call running in a child process under ``limits``; ``poll()`` until it is done.
    ``on_progress`` hears each ``progress.Step`` the child reports, during ``poll()``."""

    def __init__(self, fn: Callable, args: tuple, limits: Limits, preload: Iterable[str] = (),
                 on_progress: Callable[[progress.Step], None] | None = None):
        ctx = _context(preload)
        self.limits = limits
        self.on_progress = on_progress
        self._recv, send = ctx.Pipe(duplex=False)
        env = {k: v for k, v in os.environ.items() if k.startswith(_ENV_PREFIX)}
        # the fork server is the child's parent: its pid is what the child checks
        self._process = ctx.Process(target=_child, args=(send, fn, args, env, _server_pid(ctx), on_progress is not None),
                                    daemon=False)
        self.started = time.perf_counter()
        self._process.start()
        send.close()
        self.outcome: Outcome | None = None

    def poll(self) -> Outcome | None:
        """The outcome once the call has finished or was stopped; ``None`` while it runs."""
        if self.outcome is not None:
            return self.outcome
        elapsed = time.perf_counter() - self.started
        message = self._next()
        while isinstance(message, progress.Step):  # progress first, then the outcome
            if self.on_progress is not None:
                self.on_progress(message)
            message = self._next()
        if message is not None:
            if message is _GONE:  # the pipe closed with no result: the child died
                self._process.join(5)
                code = self._process.exitcode
                how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                self.outcome = Stopped("crashed", f"the process reading it died ({how})", elapsed)
            else:
                self.outcome = message
            self._finish()
            return self.outcome
        if elapsed > self.limits.seconds:
            self._kill()
            self.outcome = Stopped("timeout", f"took longer than {self.limits.seconds:g} s "
                                              "(the limit per document)", elapsed)
        elif _resident(self._process.pid) > self.limits.memory:
            self._kill()
            self.outcome = Stopped("memory", f"used more than {self.limits.memory >> 20} MiB "
                                             "(the limit per document)", elapsed)
        return self.outcome

    def _next(self):
        """The child's next message: a ``progress.Step`` or an outcome; ``None`` while
        none is waiting; ``_GONE`` when the pipe closed without one."""
        try:
            if not self._recv.poll():
                return None
            return self._recv.recv()
        except (EOFError, OSError):
            return _GONE

    def wait(self) -> Outcome:
        while (outcome := self.poll()) is None:
            time.sleep(POLL)
        return outcome

    def _kill(self) -> None:
        pid = self._process.pid
        if pid is not None:
            for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    kill()
                except (ProcessLookupError, PermissionError):
                    pass
        self._finish()

    def _finish(self) -> None:
        self._process.join(10)
        self._recv.close()
        self._process.close() if self._process.exitcode is not None else None

    def cancel(self) -> None:
        if self.outcome is None:
            self._kill()


def _server_pid(ctx) -> int:
    """The fork server's pid (the parent of every child it forks), starting it if needed."""
    from multiprocessing import forkserver

    forkserver.ensure_running()
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return int(pid) if pid else os.getpid()


def _resident(pid: int | None) -> int:
    """Resident bytes of a process and its descendants (0 when it is gone).

    On Linux the tree is walked through ``/proc/PID/task/*/children`` and each size read
    from ``/proc/PID/statm``: a few files, where listing every process of the machine
    (``psutil``'s way to find children) costs ~4 ms a look, 20 looks a second per child."""
    if pid is None:
        return 0
    if _PROC_CHILDREN:
        try:
            return _resident_proc(pid)
        except OSError:
            pass  # gone, or /proc unreadable here: psutil says which
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


_PROC_CHILDREN = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident_proc(pid: int) -> int:
    """``_resident`` from ``/proc``: the process's own size must be readable (else
    ``OSError``); a descendant that ends meanwhile counts as 0."""
    total = 0
    todo, first = [pid], True
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * _PAGE
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", "rb") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError, IndexError):
            if first:
                raise OSError(f"/proc/{p} cannot be read") from None
        first = False
    return total


def run(fn: Callable, *args, limits: Limits, preload: Iterable[str] = (),
        on_progress: Callable[[progress.Step], None] | None = None) -> Outcome:
    """``fn(*args)`` in a child process under ``limits``, waiting for its outcome;
    ``on_progress`` hears the child's ``progress.report`` steps as they come."""
    child = Child(fn, args, limits, preload, on_progress)
    try:
        return child.wait()
    finally:
        child.cancel()


def run_many(calls: Iterable[tuple[Any, Callable, tuple]], limits: Limits, workers: int = 1,
             preload: Iterable[str] = ()) -> Iterator[tuple[Any, Outcome]]:
    """``(key, outcome)`` of each ``(key, fn, args)``, at most ``workers`` at a time, in the
    order they finish. Stopping the iteration kills the children still running."""
    todo = iter(calls)
    running: dict[Any, Child] = {}
    try:
        while True:
            while len(running) < max(1, workers):
                nxt = next(todo, None)
                if nxt is None:
                    break
                key, fn, args = nxt
                running[key] = Child(fn, args, limits, preload)
            if not running:
                return
            finished = [(k, o) for k, c in list(running.items()) if (o := c.poll()) is not None]
            for key, outcome in finished:
                del running[key]
                yield key, outcome
            if not finished:  # until a child's pipe has something, or the next look at the clocks
                wait([c._recv for c in running.values()], POLL)
    finally:
        for child in running.values():
            child.cancel()
