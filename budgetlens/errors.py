"""Errors say who is at fault.

    BudgetlensError
    ├── UsageError          bad command line or configuration (the user's to fix)
    ├── InputError          a bad input file: ``path`` and ``reason`` name it
    │   ├── EmptyFileError, EncryptedError, NotThisFormatError,
    │   ├── TooManyPagesError, NoTextError, UnsupportedTypeError, CorruptFileError
    ├── ModelError          an LLM misbehaved (``body`` keeps what it sent)
    └── ResourceError       the workspace cannot be written or reached (not the file's fault)
        ├── DiskFullError   no space left where the workspace or --out lives
        └── ServerDownError the Chroma server named by ``chroma_url`` does not answer

In a batch an ``InputError`` becomes a failure record; the rest of the batch goes on.
A ``ResourceError`` stops the batch with one line (every later file would meet it too);
what was stored before it stays stored, nothing of the file at hand is.
"""

from __future__ import annotations


class BudgetlensError(Exception):
    """Root of every error the project raises on purpose."""


class UsageError(BudgetlensError):
    pass


class InputError(BudgetlensError):
    reason_code = "bad_input"

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class EmptyFileError(InputError):
    reason_code = "empty"


class EncryptedError(InputError):
    reason_code = "encrypted"


class NotThisFormatError(InputError):
    reason_code = "wrong_format"


class CorruptFileError(InputError):
    reason_code = "corrupt"


class TooManyPagesError(InputError):
    reason_code = "too_many_pages"


class NoTextError(InputError):
    reason_code = "no_text"


class UnsupportedTypeError(InputError):
    reason_code = "unsupported"


class ModelError(BudgetlensError):
    def __init__(self, message: str, *, provider: str = "", body: str = ""):
        self.provider = provider
        self.body = body
        super().__init__(message)


class ResourceError(BudgetlensError):
    """Where results go cannot take them now: the batch stops, with one line."""


class DiskFullError(ResourceError):
    pass


class ServerDownError(ResourceError):
    pass
