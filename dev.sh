#!/usr/bin/env bash
# spasmgraph's two set-up commands. On a fresh machine:
#   bash dev.sh demo   # install everything, then print cause -> mechanism -> remedy paths and draw them
#   bash dev.sh test   # install everything, then run ruff, mypy --strict and the whole test suite
# Installs Graphviz (and, for the OWL 2 DL profile check, Java and the OWL API) with apt-get when
# missing (Debian/Ubuntu), and the project with its dev dependencies into ./.venv from PyPI.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

ensure_system_packages() {
  # Graphviz draws diagrams; Java and Debian's OWL API run the real OWL 2 DL profile check.
  local missing=()
  command -v dot >/dev/null 2>&1 || missing+=(graphviz)
  command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  [ -f /usr/share/java/owlapi-distribution.jar ] || missing+=(libowlapi-java)
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
    echo "== installing ${missing[*]} (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! missing system packages: ${missing[*]}"
    echo "   Graphviz on macOS: brew install graphviz   with conda: conda install -c conda-forge graphviz"
  fi
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  echo "== installing spasmgraph and its dev dependencies"
  "$VENV/bin/python" -m pip install -q --upgrade "pip>=25.1"
  "$VENV/bin/python" -m pip install -q -e . --group dev
}

case "${1:-}" in
  demo)
    ensure_system_packages
    ensure_venv
    "$VENV/bin/python" -m spasmgraph.demo --out out
    ;;
  test)
    ensure_system_packages
    ensure_venv
    echo "== ruff"
    "$VENV/bin/ruff" check .
    echo "== mypy --strict"
    "$VENV/bin/mypy" --strict src
    echo "== pytest"
    "$VENV/bin/python" -m pytest -q
    ;;
  *)
    echo "usage: bash dev.sh demo|test" >&2
    exit 2
    ;;
esac
