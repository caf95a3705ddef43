#!/usr/bin/env bash
# Set up (once) and run the whole test suite: unit tests, AppTest and the browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used); the deployment
# test runs Debian's nginx unprivileged in front of two app processes; the report tests read and render PDFs
# with poppler-utils.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium chromium-driver"
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$missing nginx-light"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"  # the report tests render PDF pages
if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# lint first (ruff.toml: pycodestyle, pyflakes, import order, complexity at most 10): zero findings or no tests
.venv/bin/ruff check --quiet .

# one test process per core (pytest-xdist), each test file whole in one of them: a file's servers, browser pages and
# module fixtures are made once; -n 0 runs everything in this process (e.g. ./scripts/test.sh -n 0 -x tests/x.py)
exec .venv/bin/python -m pytest -n "${TEST_PROCESSES:-auto}" --dist loadfile "$@"
