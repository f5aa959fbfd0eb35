"""Builds the native extension okr._core with CMake (offline: no build-time downloads).

`pip install --no-build-isolation .` runs this. The CMake build directory is kept under
build/python so that rebuilding is incremental (and ccache-friendly).
"""

import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = os.path.dirname(os.path.abspath(__file__))


def cmake_project_version():
    """The version, single-sourced: CMakeLists.txt's project(VERSION) is also what okr_version()
    and okr.__version__ report."""
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"^project\(okr\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", f.read(), re.M)
    if not m:
        raise RuntimeError("CMakeLists.txt: project(okr VERSION x.y.z) not found")
    return m.group(1)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        out_dir = os.path.dirname(os.path.abspath(self.get_ext_fullpath(ext.name)))
        build_dir = os.environ.get("OKR_PY_BUILD_DIR", os.path.join(ROOT, "build", "python"))
        os.makedirs(build_dir, exist_ok=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
        subprocess.check_call(
            [
                "cmake", "-S", ROOT, "-B", build_dir,
                "-DCMAKE_BUILD_TYPE=Release",
                "-DOKR_BUILD_PYTHON=ON",
                "-DOKR_BUILD_TESTS=OFF",
                f"-DPython_EXECUTABLE={sys.executable}",
            ]
        )
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_core", "-j", jobs])
        built = [f for f in os.listdir(build_dir) if f.startswith("_core") and f.endswith(".so")]
        if not built:
            raise RuntimeError("CMake did not produce the _core extension")
        os.makedirs(os.path.join(out_dir, "okr") if not out_dir.endswith("okr") else out_dir, exist_ok=True)
        shutil.copy2(os.path.join(build_dir, built[0]), self.get_ext_fullpath(ext.name))


class BuildPyWithExample(build_py):
    """Ships the bundled example organisation inside the package (okr/data/)."""

    def run(self):
        super().run()
        dest = os.path.join(self.build_lib, "okr", "data")
        os.makedirs(dest, exist_ok=True)
        shutil.copy2(os.path.join(ROOT, "examples", "learning_platform.json"), dest)


setup(version=cmake_project_version(), ext_modules=[CMakeExtension("okr._core")], cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithExample})
