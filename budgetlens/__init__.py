"""budgetlens: cited, checked data from Chinese budget disclosures."""

__version__ = "0.1.0"
