#!/usr/bin/env bash
# Makes the Python reference environment: current PyTorch (CPU) and transformers, datasets,
# accelerate in a venv at bench/.work/venv (or $1), from the first of pip's configured package
# indexes (these machines have local ones; `pip config list` shows them). The transformers-backed
# tests and the bench/ scripts use it; the app never does. Idempotent; prints one line.
# Exit 0 when the venv is ready, 3 when no package index is configured (the tests then skip,
# saying why), anything else when the install failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${1:-bench/.work/venv}
# Pinned where the numerics tests depend on it; the rest as the index serves it.
packages=(torch==2.13.0+cpu transformers datasets accelerate optuna)

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import torch, transformers, datasets, accelerate, optuna" 2>/dev/null; then
  echo "reference venv ready: $("$venv/bin/python" -c 'import torch, transformers; print(f"torch {torch.__version__}, transformers {transformers.__version__}")') ($venv)"
  exit 0
fi

index=${PIP_INDEX_URL:-}
if [ -z "$index" ]; then
  for key in global.index-url global.extra-index-url; do
    index=$(pip config get "$key" 2>/dev/null | awk '{print $1}') || true
    [ -n "$index" ] && break
  done
fi
if [ -z "$index" ]; then
  echo "no pip package index is configured (pip config list): the reference venv is not made and the transformers-backed tests skip"
  exit 3
fi

python3 -m venv "$venv"
start=$(date +%s)
# The other configured indexes lack most of these names; pip warns once per name, which says nothing.
PIP_INDEX_URL=$index "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}" \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
echo "reference venv made in $(( $(date +%s) - start )) s from $index: $("$venv/bin/python" -c 'import torch, transformers; print(f"torch {torch.__version__}, transformers {transformers.__version__}")') ($venv)"
