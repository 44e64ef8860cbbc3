#!/usr/bin/env bash
# The long reliability job (not part of scripts/test.sh): the same suites with larger counts.
#   fuzzing        1,000,000 inputs each for the config.ini reader, the .npy header reader and the query parser
#   crashes        1,000 SIGKILLs of a writer
#   torn reads     200,000 reads of each of config.ini, .npy and .msgpack while another process rewrites them
#   load           40,000 runs from 8 processes × 4 threads, with group refreshes beside them
#   sweep crashes  200 SIGKILLs of a sweeping process at random moments, each followed by a new run
# Run scripts/test.sh once first (it installs what the tests need).
set -euo pipefail
cd "$(dirname "$0")/.."
export STORAGETYPED_FUZZ_ITERATIONS="${STORAGETYPED_FUZZ_ITERATIONS:-1000000}"
export STORAGETYPED_CRASH_KILLS="${STORAGETYPED_CRASH_KILLS:-1000}"
export STORAGETYPED_TORN_READS="${STORAGETYPED_TORN_READS:-200000}"
export STORAGETYPED_LOAD_RUNS="${STORAGETYPED_LOAD_RUNS:-40000}"
export STORAGETYPED_SWEEP_KILLS="${STORAGETYPED_SWEEP_KILLS:-200}"
export TMPDIR="${TMPDIR:-$(mktemp -d)}"
dotnet build tests/Storage.Tests -c Release
dotnet test tests/Storage.Tests -c Release --no-build --logger "console;verbosity=detailed" \
  --filter "FullyQualifiedName~Fuzz|FullyQualifiedName~Reliability|FullyQualifiedName~SweepProcessTests.Twenty_kills" "$@"
