#!/usr/bin/env bash
# Installs every Debian package kernbench builds with, and the Python
# environments of the front end. Idempotent: what is present is not installed again. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libboost-context-dev libopenblas-dev libopenblas-serial-dev
  libsqlite3-dev libzip-dev openmpi-bin libopenmpi-dev python3-matplotlib
  clang-format
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Python front end (docs/adr/0070-python-interpreter-and-packages.md): a
# virtual environment of the project's (.venv) made from the first python3 on
# PATH (3.11 or newer), with pinned packages from PyPI. torch is pinned to the
# CPU build. A second environment (.venv-triton) holds Triton itself, whose
# interpreter (TRITON_INTERPRET=1) is the reference of the differential test.
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${KERNBENCH_PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: $python is not Python 3.11 or newer; set KERNBENCH_PYTHON to one" >&2
  exit 1
fi
venv_packages=(torch==2.13.0 numpy==2.4.6 pybind11==3.1.0 pytest==9.0.3 matplotlib==3.11.2)
ref_packages=(torch==2.13.0 numpy==2.4.6 triton==3.9.0)
make_venv() {  # dir, marker module, packages...
  local dir="$1" marker="$2"
  shift 2
  if [ -x "$dir/bin/python" ] && "$dir/bin/python" -c "import $marker" 2>/dev/null; then
    return 0
  fi
  echo "creating $dir: $*"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@"
}
make_venv "$root/.venv" "torch, numpy, pybind11, pytest, matplotlib" "${venv_packages[@]}"
make_venv "$root/.venv-triton" "torch, triton" "${ref_packages[@]}"
