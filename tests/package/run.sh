#!/usr/bin/env bash
# Packaging, offline: a wheel (`pip wheel --no-build-isolation --no-index`) installs into a fresh
# venv of Debian's python3 and passes a smoke test; the sdist builds a wheel that passes it too.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pipq=(--disable-pip-version-check -q)

"$python" -m venv --system-site-packages "$work/venv"
(cd "$root" && "$work/venv/bin/python" -m pip wheel "${pipq[@]}" --no-build-isolation --no-index --no-deps \
  -w "$work/wheel" .)
wheel=$(ls "$work"/wheel/okr-*.whl)
echo "wheel: $(basename "$wheel")"
"$work/venv/bin/python" -m pip install "${pipq[@]}" --no-index "$wheel"
(cd "$work" && "$work/venv/bin/python" "$root/tests/package/smoke.py" "$root")

"$python" -m build --sdist --no-isolation -o "$work/sdist" "$root" >/dev/null
sdist=$(ls "$work"/sdist/okr-*.tar.gz)
echo "sdist: $(basename "$sdist") ($(tar tzf "$sdist" | wc -l) files)"
tar xzf "$sdist" -C "$work/sdist"
src=$(ls -d "$work"/sdist/okr-*/)
# Same relative layout as a checkout, so ccache (base_dir) reuses the checkout's objects.
(cd "$src" && CCACHE_BASEDIR="$src" "$work/venv/bin/python" -m pip wheel "${pipq[@]}" --no-build-isolation \
  --no-index --no-deps -w "$work/from-sdist" .)
"$work/venv/bin/python" -m pip install "${pipq[@]}" --no-index --force-reinstall --no-deps "$work"/from-sdist/okr-*.whl
(cd "$work" && "$work/venv/bin/python" "$root/tests/package/smoke.py" "$root")
echo "package test: wheel and sdist passed"
