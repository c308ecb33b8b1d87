#!/usr/bin/env bash
# Install the project with its test extras into .venv and run the whole test suite.
# The browser test needs Debian's chromium and a Chinese font; they are installed when
# missing (root, as on the project's machines) and the test is skipped if that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
PYTHONWARNINGS="ignore:Editable installation" .venv/bin/python -m pip install -q -e '.[test]'
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
    || echo "note: chromium could not be installed; the browser test will be skipped" >&2
fi
# -P: the repository root is not put on sys.path; everything is imported as budgetlens.*
exec .venv/bin/python -P -m pytest "$@"
