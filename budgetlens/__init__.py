"""budgetlens: cited, checked data from Chinese budget disclosures."""

import os as _os
import sys as _sys

__version__ = "0.1.0"

# PyMuPDF 2 imports its layout analyser on import and loads an ONNX model with it (about
# a second and 56 MB in every process that opens a PDF). Nothing here asks for a page's
# layout (``Page.get_layout``), so a process that imports budgetlens before PyMuPDF skips
# it; BUDGETLENS_PYMUPDF_LAYOUT=1 keeps it for code of one's own that wants it.
if "pymupdf" not in _sys.modules and _os.environ.get("BUDGETLENS_PYMUPDF_LAYOUT") != "1":
    _sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
