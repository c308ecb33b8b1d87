"""One settings object for the whole tool: ``BUDGETLENS_*`` environment, ``--home`` wins."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BUDGETLENS_", extra="ignore")

    home: Path = Field(default_factory=lambda: Path.cwd() / ".budgetlens")
    # LLM: "provider:model" (openai:gpt-4o-mini, ollama:qwen2.5); empty = extractive only
    llm: str = ""
    llm_timeout: float = 60.0
    llm_retries: int = 2
    # structured output: json_schema | function_calling | json_mode; empty = provider default
    llm_method: str = ""
    # when the model plans an answer through tool calls over the fact index (qa.agent):
    # "unsure" (the offline answer found nothing or did not verify), "always", or "off"
    llm_plan: str = "unsure"
    chroma_url: str = ""  # a Chroma server (http://host:port); empty = embedded on disk
    chroma_timeout: float = 10.0  # seconds a request to that server may take
    # dense half of the fused search: "hash" (character uni+bigram hashing, fast) or "e5"
    # (bundled multilingual-e5-small, 0.14-1 s a chunk on 2 cores: see README "Search")
    embedding: str = "hash"
    max_pages: int = 2000  # a longer document is refused as a bad input
    max_bytes: int = 300 * 1024 * 1024
    ocr: bool = True
    ocr_dpi: int = 200
    ocr_workers: int = 0  # processes for OCR of one document; 0 = one per core, up to two
    # limits per document, at every door (ingest, upload, bulk, eval): a child process
    # killed past them (budgetlens.limits); the document is then a failure, never stored
    doc_seconds: float = 300.0
    doc_memory_mb: int = 2048
    isolate: bool = True  # each document in a child process (off: in this process, no limits)
    # documents read at once by ingest / extract (each in its child); 0 = one per core, up to two
    doc_workers: int = 0
    docx_max_part_mb: int = 200  # a .docx part that inflates past this is refused unread
    lock_timeout: float = 30.0  # seconds a second writer waits for the workspace
    # raise an internal error (a bug) instead of recording it as a failed file or a
    # warning: on in the tests (tests/conftest.py), off for users
    raise_errors: bool = False

    def scoped(self, **overrides) -> "Settings":
        """A copy with some fields replaced (``home`` from ``--home``, say)."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        return self.model_copy(update=clean)

    @property
    def db_path(self) -> Path:
        return self.home / "facts.sqlite"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


def load(home: str | Path | None = None, **overrides) -> Settings:
    settings = Settings()
    if home is not None:
        overrides["home"] = Path(home)
    return settings.scoped(**overrides)
