#!/usr/bin/env bash
# okr developer entry point, used by the README's two commands and by CI.
#
#   scripts/dev.sh report [ARGS...]  install dependencies, build, run `python -m okr report ARGS`
#   scripts/dev.sh test              install dependencies, build, run every test (and build the site)
#   scripts/dev.sh docs              install dependencies, build the documentation site into build/docs/html
#
# Works on a fresh Debian 12 machine (as root, or with sudo). Builds go to build/, the Python
# environment to .venv/ (made from Debian's /usr/bin/python3, with its numpy/pandas/scipy).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DEBIAN_PACKAGES=(
  g++ cmake make pkg-config ccache
  libsimdjson-dev libboost-math-dev libboost-graph-dev libeigen3-dev catch2 pybind11-dev
  python3-dev python3-venv python3-pip python3-setuptools python3-wheel
  python3-numpy python3-pandas python3-scipy python3-pytest python3-jsonschema
  python3-networkx python3-statsmodels python3-matplotlib python3-jinja2 python3-tqdm
)
# Only the tests need a browser (the HTML report is checked in headless Chromium), valgrind,
# libabigail (the ABI check against abi/libokr.abi), dask.distributed and python3-build (the sdist).
TEST_PACKAGES=(chromium chromium-driver python3-selenium valgrind abigail-tools python3-distributed python3-build)

# The documentation site: Sphinx with MyST (the Markdown chapters), numpydoc (Python reference),
# Doxygen + breathe (C and C++ reference), nbsphinx + nbclient + ipykernel (the tutorial notebook,
# executed; nbsphinx converts its Markdown cells with pandoc).
DOCS_PACKAGES=(doxygen python3-sphinx furo python3-myst-parser python3-breathe python3-numpydoc
  python3-nbsphinx python3-nbclient python3-ipykernel pandoc)

log() { printf '\n== %s\n' "$*"; }

install_deps() {  # install_deps [EXTRA PACKAGES...]
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

export CCACHE_BASEDIR="$root"  # cache hits across build directories
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}

build_python() {
  log "building and installing the Python package into .venv"
  [ -x .venv/bin/python ] || /usr/bin/python3 -m venv --system-site-packages .venv
  .venv/bin/python -m pip install --no-build-isolation --no-deps --disable-pip-version-check -q .
}

build_cpp() {  # build_cpp DIR [CMAKE ARGS...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -DOKR_BUILD_TESTS=ON "$@" >/dev/null
  cmake --build "$dir"
}

build_docs() {
  log "documentation site into build/docs/html (warnings are errors)"
  rm -rf build/docs
  .venv/bin/python -m sphinx -W --keep-going -q -b html docs build/docs/html
  echo "site: $root/build/docs/html/index.html"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  report)
    install_deps
    build_python
    log "python -m okr report $*"
    .venv/bin/python -m okr report "$@"
    ;;
  docs)
    install_deps "${DOCS_PACKAGES[@]}"
    build_python
    build_docs
    ;;
  test)
    install_deps "${TEST_PACKAGES[@]}" "${DOCS_PACKAGES[@]}"
    log "C++ library, C ABI and their tests (Release)"
    build_cpp build/dev -DCMAKE_BUILD_TYPE=Release
    (cd build/dev && ctest --output-on-failure --parallel "$(nproc)")
    log "the C test program under valgrind memcheck (errors and leaks fail)"
    valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible -q \
      build/dev/tests/okr_capi_test >/dev/null
    log "install tree: find_package(okr) and pkg-config consumers"
    tests/install/run.sh build/dev
    log "C++ and C tests under AddressSanitizer + UBSan"
    build_cpp build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOKR_SANITIZE=ON
    (cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure --parallel "$(nproc)")
    log "C++ tests and the C API's thread-safety guarantees under ThreadSanitizer"
    cmake -S . -B build/tsan -DOKR_BUILD_TESTS=ON -DOKR_BUILD_PYTHON=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DOKR_SANITIZE_THREAD=ON >/dev/null
    cmake --build build/tsan --target okr_tests okr_capi_threads_test
    TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/okr_tests
    TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/okr_capi_threads_test
    build_python
    log "packaging: wheel and sdist into a fresh venv (offline)"
    tests/package/run.sh
    log "Python tests"
    .venv/bin/python -m pytest -q tests/python
    build_docs
    ;;
  *)
    echo "usage: scripts/dev.sh report [FILE] [--as-of DATE] | test | docs" >&2
    exit 2
    ;;
esac
