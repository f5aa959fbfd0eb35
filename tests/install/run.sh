#!/usr/bin/env bash
# Installs okr from an existing build tree into a temporary prefix, then builds and runs
# consumers with find_package(okr) (C++ and C) and with pkg-config (C).
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
example="$root/examples/learning_platform.json"

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$root/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" -j2 >/dev/null
"$work/consumer/consumer_cpp" "$example"
"$work/consumer/consumer_c" "$example"

libdir=$(ls -d "$work"/prefix/lib*/pkgconfig | head -n1)
export PKG_CONFIG_PATH="$libdir"
cc -std=c99 -Wall -Wextra -pedantic -Werror "$root/tests/install/consumer/main.c" -o "$work/consumer_pc" \
  $(pkg-config --cflags --libs okr) -Wl,-rpath,"$(pkg-config --variable=libdir okr)"
"$work/consumer_pc" "$example"
echo "install test: 3 passed, 0 failed"
