#!/usr/bin/env bash
# spasmgraph's set-up commands. On a fresh machine:
#   bash dev.sh demo        # core install only (+ Graphviz), then print cause -> mechanism -> remedy paths and draw them
#   bash dev.sh test        # dev install, then ruff, mypy --strict, the layer contract, the docs build and pytest
#   bash dev.sh notebooks   # dev install + JupyterLab, then open notebooks/ in JupyterLab
# System packages come from apt-get when missing (Debian/Ubuntu): Graphviz for every command;
# Java and Debian's OWL API (the real OWL 2 DL profile check) and Chromium (the explorer's
# browser tests) for test and notebooks.
# `demo` uses its own small venv, ./.venv-demo (spasmgraph and its three core dependencies);
# `test` and `notebooks` use ./.venv with the dev dependency group. pip runs again only when
# what it installed from (pyproject.toml, src/, ontology/) has changed.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}

ensure_system_packages() {
  # $1 = "demo": Graphviz only; otherwise also Java and the OWL API.
  local missing=()
  command -v dot >/dev/null 2>&1 || missing+=(graphviz)
  if [ "${1:-}" != demo ]; then
    command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
    [ -f /usr/share/java/owlapi-distribution.jar ] || missing+=(libowlapi-java)
  fi
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

inputs_hash() {
  # $1 = the kind of install; $2... = what it is made from. Hashes those files with the
  # interpreter's version.
  local kind=$1
  shift
  {
    echo "$kind"
    "$PYTHON" -c 'import sys; print(sys.version)'
    find "$@" -type f ! -name '*.pyc' ! -path '*/__pycache__/*' ! -path '*.egg-info/*' -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}

# ensure_venv DIR KIND PIP-ARGS...: create DIR and pip install PIP-ARGS unless DIR/.installed-KIND
# holds the hash of the same inputs (so a second run skips pip entirely). A regular install
# is made from the metadata, the code and the bundled data; an editable one follows the
# working tree by itself, so only pyproject.toml counts.
ensure_venv() {
  local venv=$1 kind=$2
  shift 2
  local stamp="$venv/.installed-$kind" want
  if [ "$kind" = core ]; then
    want=$(inputs_hash "$kind" pyproject.toml README.md LICENSE LICENSE-DATA src ontology)
  else
    want=$(inputs_hash "$kind" pyproject.toml)
  fi
  if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if [ ! -x "$venv/bin/python" ]; then
    echo "== creating $venv"
    "$PYTHON" -m venv "$venv"
  fi
  echo "== installing spasmgraph ($kind) into $venv"
  export PIP_DISABLE_PIP_VERSION_CHECK=1
  "$venv/bin/python" -m pip install -q --upgrade "pip>=25.1"
  # The build backend warns about editable installs on every run; nothing to act on.
  PYTHONWARNINGS=ignore "$venv/bin/python" -m pip install -q "$@"
  echo "$want" >"$stamp"
}

case "${1:-}" in
  demo)
    ensure_system_packages demo
    # A regular (not editable) install of the core: rdflib, networkx, pydot.
    ensure_venv .venv-demo core .
    .venv-demo/bin/python -m spasmgraph.demo --out out
    ;;
  test)
    ensure_system_packages
    # Editable, so that tests and doctests run the working tree.
    ensure_venv .venv dev -e . --group dev
    echo "== ruff"
    .venv/bin/ruff check .
    echo "== mypy --strict"
    .venv/bin/mypy --strict src
    echo "== layer contract (import-linter)"
    .venv/bin/lint-imports --no-cache
    echo "== API reference (sphinx -W)"
    .venv/bin/python -m sphinx -q -W --keep-going -b html docs docs/_build/html
    echo "== pytest"
    .venv/bin/python -m pytest -q
    ;;
  notebooks)
    ensure_system_packages
    ensure_venv .venv notebooks -e . --group notebooks
    exec .venv/bin/jupyter lab notebooks/
    ;;
  *)
    echo "usage: bash dev.sh demo|test|notebooks" >&2
    exit 2
    ;;
esac
