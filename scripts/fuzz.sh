#!/usr/bin/env bash
# Long fuzz runs (tests/fuzz/README.md). Not part of CI: CI replays the committed corpora.
#
#   scripts/fuzz.sh run MINUTES [TARGET...]   build with clang-14 + libFuzzer, fuzz each target
#   scripts/fuzz.sh merge [TARGET...]         add inputs that reached new code to the corpora (CAP=100 each)
#
# FUZZ_FLAGS adds libFuzzer flags to a run (FUZZ_FLAGS=-entropic=0 for capi: see tests/fuzz/README.md).
# FUZZ_TAG names a run's log and findings (build/fuzz/work/TARGET.TAG.log, TARGET.TAG-crash-*), so
# that two runs of one target can go at once, one per core: they share the target's corpus directory, and libFuzzer reloads it, so
# each picks up the other's new inputs.
#
# Targets: load_json checkins_csv scorecard_csv dates capi (default: all). Each run starts from the
# committed corpus (tests/fuzz/corpus/TARGET) and the inputs of earlier runs
# (build/fuzz/work/TARGET), one process per target in turn; findings are written as
# build/fuzz/work/TARGET-crash-* etc. and the run's figures appended to build/fuzz/work/runs.tsv
# (date, target, seconds, executions, executions per second, new inputs, findings).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CCACHE_BASEDIR="$root"

ALL=(load_json checkins_csv scorecard_csv dates capi)
work=build/fuzz/work

build() {
  if ! command -v clang++-14 >/dev/null || [ ! -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang-14 libfuzzer-14-dev >/dev/null
  fi
  mkdir -p build/fuzz
  (  # one build at a time when runs start together (FUZZ_TAG)
    flock 9
    CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -DOKR_BUILD_TESTS=ON -DOKR_FUZZ=ON -DOKR_BUILD_PYTHON=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build build/fuzz --target "${@/#/fuzz_}"
  ) 9>build/fuzz/.build.lock
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  run)
    minutes=${1:?usage: scripts/fuzz.sh run MINUTES [TARGET...]}
    shift
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
    build "${targets[@]}"
    mkdir -p "$work"
    status=0
    for t in "${targets[@]}"; do
      mkdir -p "$work/$t"
      name="$t${FUZZ_TAG:+.$FUZZ_TAG}"  # the run's log and findings: TARGET[.TAG].log, TARGET[.TAG]-crash-*
      log="$work/$name.log"
      before=$(ls "$work" | grep -c "^$name-" || true)
      echo "== fuzzing $t for $minutes min"
      # -max_len: the committed example documents are large; mutations of small inputs go faster.
      started=$(date +%s)
      set +e
      # shellcheck disable=SC2086  # FUZZ_FLAGS: extra libFuzzer flags, split on spaces
      build/fuzz/tests/fuzz/fuzz_$t -max_total_time=$((minutes * 60)) -max_len=4096 -print_final_stats=1 ${FUZZ_FLAGS:-} \
        -artifact_prefix="$work/$name-" "$work/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
      rc=$?
      set -e
      seconds=$(( $(date +%s) - started ))  # less than asked when the run was interrupted (Ctrl-C)
      execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
      rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
      added=$(grep -o 'stat::new_units_added: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
      found=$(( $(ls "$work" | grep -c "^$name-" || true) - before ))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$t" "$seconds" "$execs" "$rate" "$added" "$found" \
        | tee -a "$work/runs.tsv"
      # libFuzzer exits with 72 when interrupted (SIGINT, Ctrl-C): the run is recorded, not a finding.
      if [ $rc -eq 72 ] && [ "$found" -eq 0 ]; then
        echo "fuzz_$t interrupted after $seconds s, no finding"
      elif [ $rc -ne 0 ]; then
        echo "fuzz_$t stopped with a finding (exit $rc): see $log" >&2
        status=1
      fi
    done
    exit $status
    ;;
  merge)
    # The committed corpora stay small enough to replay as one test per file: the inputs of a
    # full libFuzzer merge (those that reach new code), the smallest first, up to CAP per target
    # beside the named seeds.
    cap=${CAP:-100}
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
    build "${targets[@]}"
    for t in "${targets[@]}"; do
      [ -d "$work/$t" ] || continue
      merged=$(mktemp -d)
      cp tests/fuzz/corpus/$t/* "$merged/"
      build/fuzz/tests/fuzz/fuzz_$t -merge=1 -max_len=4096 -timeout=5 "$merged" "$work/$t" >/dev/null 2>&1
      have=$(ls tests/fuzz/corpus/$t | grep -c -E '^[0-9a-f]{40}$' || true)
      for f in $(cd "$merged" && ls -S -r | grep -E '^[0-9a-f]{40}$'); do
        [ "$have" -lt "$cap" ] || break
        [ -e "tests/fuzz/corpus/$t/$f" ] && continue
        cp "$merged/$f" "tests/fuzz/corpus/$t/$f"
        have=$((have + 1))
      done
      rm -rf "$merged"
      echo "$t: $(ls tests/fuzz/corpus/$t | wc -l) files in tests/fuzz/corpus/$t"
    done
    ;;
  *)
    echo "usage: scripts/fuzz.sh run MINUTES [TARGET...] | merge [TARGET...]" >&2
    exit 2
    ;;
esac
