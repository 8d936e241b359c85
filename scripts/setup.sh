#!/usr/bin/env bash
# Command 1: install dependencies, build kernbench in Release, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
if [ -x build/release/src/app/kernbench ]; then
  build/release/src/app/kernbench run matmul
else
  build/release/bench/bench_engine
fi
