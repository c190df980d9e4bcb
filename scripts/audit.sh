#!/usr/bin/env bash
# pip-audit of requirements.lock against the PyPI advisory database, in a venv of its own
# (pip-audit's dependencies stay out of the project's lock). Offline-tolerant: when the
# database or PyPI cannot be reached, say so and succeed; a vulnerability found fails.
set -uo pipefail
cd "$(dirname "$0")/.."
AUDIT_VENV=${AUDIT_VENV:-.venv-audit}
PIP_AUDIT_VERSION=2.10.1
if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  python3 -m venv "$AUDIT_VENV" >/dev/null 2>&1 || { echo "audit: skipped (cannot create a venv)"; exit 0; }
  if ! "$AUDIT_VENV/bin/pip" install -q "pip-audit==$PIP_AUDIT_VERSION" >/dev/null 2>&1; then
    echo "audit: skipped (pip-audit $PIP_AUDIT_VERSION cannot be installed: no package index reachable)"
    exit 0
  fi
fi
out=$(mktemp)
"$AUDIT_VENV/bin/pip-audit" -r requirements.lock --no-deps --disable-pip --progress-spinner off >"$out" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
  echo "audit: no known vulnerabilities in requirements.lock"
elif grep -qiE "connection|resolve|timed out|network|unreachable|Max retries|ProxyError|SSLError" "$out"; then
  echo "audit: skipped (the advisory database cannot be reached)"
  rc=0
else
  cat "$out"
fi
rm -f "$out"
exit $rc
