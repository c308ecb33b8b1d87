#!/usr/bin/env bash
# Install budgetlens into .venv and run the main job on the sample filings it ships:
# ingest + extract + check + index, writing contract JSON lines to out/samples.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
PYTHONWARNINGS="ignore:Editable installation" .venv/bin/python -m pip install -q -e .
export BUDGETLENS_HOME=${BUDGETLENS_HOME:-$PWD/.budgetlens}
.venv/bin/budgetlens extract samples/ --out out/samples.jsonl
.venv/bin/budgetlens tour
