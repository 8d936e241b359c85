#!/bin/sh
# Runs one fuzzer for a few seconds from its seed corpus (CTest's fuzz.<name>).
# New inputs go to a scratch directory in the build tree, never into the
# committed corpus. Usage: run_fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS
set -eu
fuzzer=$1 seeds=$2 work=$3 seconds=$4
rm -rf "$work"
mkdir -p "$work/new" "$work/artifacts"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/new" "$seeds"
