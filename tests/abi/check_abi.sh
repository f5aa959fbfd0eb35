#!/usr/bin/env bash
# Compares libokr.so's ABI with the committed baseline (abi/libokr.abi) using libabigail.
#
#   tests/abi/check_abi.sh LIB                 check (ctest capi.abi); exit 77 if abidw is missing
#   tests/abi/check_abi.sh LIB --update        write the baseline from LIB (a deliberate change)
#
# Fails on an incompatible change (a function or variable removed: abidiff bit 8) and on any
# change to what existing functions take or return (a struct field inserted, moved or retyped,
# an enum value changed; bit 4 with "Changed" entries). Added functions pass, with the list
# printed. Appending a field to a versioned struct is compatible by the policy in docs/c_api.md,
# but libabigail reports it as a size change: review it, then update the baseline in the same
# commit.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=${1:?usage: check_abi.sh LIB [--update]}
baseline="$root/abi/libokr.abi"
headers="$root/capi"  # okr.h only: capi/internal.hpp defines the opaque handles

if ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then
  echo "abidw/abidiff not found (Debian package abigail-tools): ABI check skipped"
  exit 77
fi

# libabigail recognises okr.h by the path the debug information names it by: absolute, or
# relative to the build directory when the compiler was given relative paths (ccache's
# base_dir). So abidw runs in the library's directory with okr.h named relative to it, else by
# its absolute path; a dump without the body of okr_node_score means neither matched.
dump_with() {  # dump_with DIR HEADER LIB
  (cd "$1" && abidw --header-file "$2" --drop-private-types --exported-interfaces-only --no-show-locs \
    --no-corpus-path --no-comp-dir-path --type-id-style hash "$3")
}
dump() {  # the ABI of $1 as libabigail XML: the functions and types of okr.h, no build paths
  local dir out
  dir=$(cd "$(dirname "$1")" && pwd)
  for header in "$(realpath --relative-to="$dir" "$headers/okr.h")" "$headers/okr.h"; do
    out=$(dump_with "$dir" "$header" "$(realpath "$1")") || return 1
    if grep -q "<class-decl name='okr_node_score' size-in-bits=" <<<"$out"; then
      printf '%s\n' "$out"
      return 0
    fi
  done
  echo "abidw found no definition of okr.h's structs in $1 (is okr_c built with -g?)" >&2
  return 1
}

if [ "${2:-}" = "--update" ]; then
  dump "$lib" >"$baseline" || exit 1
  echo "wrote $baseline"
  exit 0
fi

current=$(mktemp)
trap 'rm -f "$current"' EXIT
dump "$lib" >"$current" || { echo "abidw failed on $lib"; exit 1; }
report=$(abidiff --no-show-locs "$baseline" "$current")
rc=$?
echo "$report"
if (( rc & 3 )); then
  echo "abidiff failed (exit $rc)"
  exit 1
fi
if (( rc & 8 )); then
  echo "INCOMPATIBLE ABI CHANGE: a function or variable of the baseline is gone (docs/c_api.md, ABI policy)"
  exit 1
fi
if (( rc & 4 )) && ! grep -Eq '^Functions changes summary: [0-9]+ Removed, 0 Changed' <<<"$report"; then
  echo "ABI CHANGE to existing functions' types: if it only appends fields to versioned structs, update"
  echo "the baseline (tests/abi/check_abi.sh LIB --update) in the same commit; otherwise it breaks callers"
  exit 1
fi
if (( rc & 4 )) && ! grep -Eq '^Variables changes summary: [0-9]+ Removed, 0 Changed' <<<"$report"; then
  echo "ABI CHANGE to exported variables"
  exit 1
fi
echo "ABI compatible with abi/libokr.abi"
