"""The version of what made a result: code, libraries and settings, hashed.

A stored filing (the fact store, a bulk job's ``docs/``) is fresh only while everything
that shaped it is unchanged. ``fingerprint(settings)`` is that "everything" in one
string, kept as the filing's ``extractor_version``::

    rules-1+checks-1+3f9c2a1b7e40

- the names of the rule and check generations (``rules-1``, ``checks-1``), for people
  (given by the pipeline);
- 12 hex digits of a sha256 over
  - every file (source and data, by path and bytes) of the packages that make stored
    results: ``schemas``, ``ingest``, ``extract``, ``checks``, ``index`` and the core
    modules listed in ``CORE_MODULES`` (a change in ``qa``, ``eval``, ``bulk``, the
    command line or the app changes no stored result and stales nothing);
  - the installed versions of the libraries whose output we store (``LIBRARIES``:
    PyMuPDF reads the text layer, rapidocr and onnxruntime read scans, python-docx Word);
  - the settings that change output (``OUTPUT_SETTINGS``: the LLM and its method, OCR
    on/off and its resolution).

A workspace or bulk job that finds a result with another fingerprint recomputes it
(``ingest`` prints "N stale, recomputed"). The source hash is computed once per process.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from importlib import metadata
from pathlib import Path

OUTPUT_PACKAGES = ("schemas", "ingest", "extract", "checks", "index")
CORE_MODULES = ("pipeline", "store", "settings", "errors", "llm", "limits", "fingerprint", "workspace")
LIBRARIES = ("pymupdf", "rapidocr-onnxruntime", "onnxruntime", "python-docx")
OUTPUT_SETTINGS = ("llm", "llm_method", "ocr", "ocr_dpi")


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(f"budgetlens.{name}")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def source_hash() -> str:
    """sha256 over the files of the packages and modules that make stored results."""
    h = hashlib.sha256()
    files: list[tuple[str, Path]] = []
    for name in OUTPUT_PACKAGES:
        folder = _package_dir(name)
        if folder is None:
            continue
        for f in sorted(folder.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix not in {".pyc", ".pyo"}:
                files.append((f"{name}/{f.relative_to(folder).as_posix()}", f))
    core = Path(__file__).resolve().parent
    files += [(f"budgetlens/{m}.py", core / f"{m}.py") for m in CORE_MODULES if (core / f"{m}.py").is_file()]
    for label, f in files:
        h.update(label.encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def library_versions() -> tuple[tuple[str, str], ...]:
    out = []
    for lib in LIBRARIES:
        try:
            out.append((lib, metadata.version(lib)))
        except metadata.PackageNotFoundError:
            out.append((lib, "absent"))
    return tuple(out)


def fingerprint(settings, prefix: str) -> str:
    """``<prefix>+<12 hex>`` (prefix ``rules-1+checks-1``): what made a result, see above."""
    h = hashlib.sha256(source_hash().encode("ascii"))
    for lib, version in library_versions():
        h.update(f"|{lib}={version}".encode())
    for name in OUTPUT_SETTINGS:
        h.update(f"|{name}={getattr(settings, name, None)!r}".encode())
    return f"{prefix}+{h.hexdigest()[:12]}"
