#!/usr/bin/env bash
# Proves that `pip install .` in a clean virtual environment gives a working `pusula`: only the
# dependencies declared in pyproject.toml are installed (the lock's versions serve as constraints, so
# the run is reproducible and pip's cache answers), then the command runs from outside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
python=${PYTHON:-python3.11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Constraints carry versions only (pip refuses hashes there); the hashes are checked by `make run`/`make test`.
grep -E '^[A-Za-z0-9_.-]+(\[[^]]*\])?==' requirements/lock.txt | sed 's/ *\\$//; s/ *;.*$//' >"$work/constraints.txt"

"$python" -m venv "$work/venv"
# A copy of the tracked files, so the build cannot pick anything up from the developer's checkout.
mkdir "$work/src"
git ls-files -z | xargs -0 cp --parents -t "$work/src"
"$work/venv/bin/pip" install -q --no-compile -c "$work/constraints.txt" "$work/src" 2>&1 | { grep -v "^WARNING: Location" || true; }
"$work/venv/bin/pip" check

cd "$work"
export SECRET_KEY=check-install-only DATABASE_URL="sqlite:///$work/check.sqlite3"
"$work/venv/bin/pusula" content check "$repo/content/tr"
"$work/venv/bin/pusula" migrate --noinput -v0
"$work/venv/bin/pusula" content load "$repo/content/tr"
echo "test-install: pip install . gives a working pusula"
