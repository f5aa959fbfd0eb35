#!/usr/bin/env bash
# Installs okr from an existing build tree the way a packager does (`cmake --install` with
# DESTDIR and prefix /usr/local), checks the tree (headers, the shared library with its SONAME
# link, pkg-config and CMake configs), then builds and runs consumers against that staged tree
# with find_package(okr) (C++ and C) and with pkg-config (C).
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
example="$root/examples/learning_platform.json"
prefix=/usr/local
stage="$work/stage"

DESTDIR="$stage" cmake --install "$build" --prefix "$prefix" >/dev/null
tree="$stage$prefix"
libdir=$(cd "$tree" && ls -d lib*/pkgconfig | head -n1 | xargs dirname)

fail() { echo "install test: $*" >&2; exit 1; }
for f in include/okr.h include/okr/okr.hpp include/okr/version.hpp "$libdir/pkgconfig/okr.pc" \
         "$libdir/cmake/okr/okrConfig.cmake" "$libdir/cmake/okr/okrConfigVersion.cmake" \
         "$libdir/cmake/okr/okrTargets.cmake" share/okr/lint_rules.en.json; do
  [ -f "$tree/$f" ] || fail "missing $f"
done
# The shared library: libokr.so -> libokr.so.<ABI> -> libokr.so.<version>, and the SONAME is libokr.so.<ABI>.
link=$(readlink "$tree/$libdir/libokr.so") || fail "libokr.so is not a symlink"
soname=$(objdump -p "$tree/$libdir/libokr.so" | awk '$1 == "SONAME" {print $2}')
[ "$link" = "$soname" ] || fail "libokr.so points to $link, SONAME is $soname"
[[ "$soname" =~ ^libokr\.so\.[0-9]+$ ]] || fail "unexpected SONAME $soname"
real=$(readlink "$tree/$libdir/$soname") || fail "$soname is not a symlink"
[[ "$real" =~ ^libokr\.so\.[0-9]+\.[0-9]+\.[0-9]+$ ]] && [ -f "$tree/$libdir/$real" ] || fail "bad $soname -> $real"
# Nothing absolute to the staging directory leaked into the configs.
! grep -rl "$stage" "$tree/$libdir/pkgconfig" "$tree/$libdir/cmake" >/dev/null || fail "a config names the staging directory"

cmake -S "$root/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$tree" >/dev/null
cmake --build "$work/consumer" -j2 >/dev/null
"$work/consumer/consumer_cpp" "$example"
# The version is single-sourced: CMakeLists.txt's project(VERSION) is what okr_version() reports.
version=$(sed -n 's/^project(okr VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
out=$("$work/consumer/consumer_c" "$example")
echo "$out"
[ "${out#okr $version (C)}" != "$out" ] || fail "okr_version() is not the CMake project version $version"

export PKG_CONFIG_PATH="$tree/$libdir/pkgconfig"
cc -std=c99 -Wall -Wextra -pedantic -Werror "$root/tests/install/consumer/main.c" -o "$work/consumer_pc" \
  $(pkg-config --cflags --libs okr) -Wl,-rpath,"$(pkg-config --variable=libdir okr)"
"$work/consumer_pc" "$example"

# Every C and C++ example in README.md and docs/ compiles against the staged tree and runs without
# a word on stderr (on the example organisation: as argv[1], and as ./org.json for the fragments
# that name a file).
mkdir -p "$work/examples" && cp "$example" "$work/examples/org.json"
n=0
while read -r lang src; do
  exe="${src%.*}"
  if [ "$lang" = c ]; then
    cc -std=c99 -Wall -Wextra -Wno-unused-variable -Wno-unused-parameter -Werror "$src" -o "$exe" \
      $(pkg-config --cflags --libs okr) -Wl,-rpath,"$(pkg-config --variable=libdir okr)"
  else
    c++ -std=c++20 -Wall -Wno-unused-variable -Werror "$src" -o "$exe" -I"$tree/include" -I/usr/include/eigen3 \
      "$tree/$libdir/libokr_cpp.a" -lsimdjson -pthread
  fi
  (cd "$work/examples" && "$exe" "$example" >/dev/null 2>"$exe.err") || fail "the example $(basename "$src") failed"
  [ ! -s "$exe.err" ] || fail "the example $(basename "$src") reported: $(cat "$exe.err")"
  n=$((n + 1))
done < <(python3 "$root/tests/install/doc_examples.py" "$root" "$work/examples")
[ "$n" -ge 3 ] || fail "only $n C/C++ examples found in the docs"
echo "install test: staged tree checked, 3 consumers and $n documentation examples passed"
