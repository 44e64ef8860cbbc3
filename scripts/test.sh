#!/usr/bin/env bash
# The one test command: installs what the tests need (Debian's python3-numpy and python3-scipy, ffmpeg, unzip, a C
# toolchain and zlib1g-dev for NativeAOT, node and npm, chromium and a font for the report's browser tests, slurm-wlm
# and munge for the cluster tests; DuckDB for node from npm, the runs tool's Parquet reader), restores NuGet packages,
# runs every test in StorageTyped.sln, then scripts/package-test.sh (the NuGet packages in a fresh project).
# Tests that need python3, scipy, ffmpeg, chromium, DuckDB or Slurm fail when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if ! /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1; then missing+=(python3 python3-numpy); fi
if ! /usr/bin/python3 -c 'import scipy.stats' >/dev/null 2>&1; then missing+=(python3-scipy); fi      # the statistics' reference
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi                                           # the report, in a real browser
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then missing+=(fonts-dejavu-core); fi     # text in its screenshots
if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then missing+=(ffmpeg); fi
if ! command -v unzip >/dev/null 2>&1; then missing+=(unzip); fi
if ! command -v git >/dev/null 2>&1; then missing+=(git); fi
if ! command -v bindfs >/dev/null 2>&1; then missing+=(bindfs); fi
# NativeAOT (the typed sample's publish test) links with clang or gcc and needs zlib's headers.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then missing+=(clang); fi
if [ ! -f /usr/include/zlib.h ]; then missing+=(zlib1g-dev); fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if ! command -v script >/dev/null 2>&1; then missing+=(bsdutils); fi        # a terminal for the progress bar test
if ! command -v unshare >/dev/null 2>&1; then missing+=(util-linux); fi     # a machine without fonts for the plot test
# A real single-node Slurm cluster for tests/Storage.Cluster.Tests (Debian puts the daemons in /usr/sbin).
if ! command -v sbatch >/dev/null 2>&1 || [ ! -x /usr/sbin/slurmctld ] || [ ! -x /usr/sbin/slurmd ]; then missing+=(slurm-wlm); fi
if [ ! -x /usr/sbin/munged ]; then missing+=(munge); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "scripts/test.sh: the tests need ${missing[*]}. Install them, for example:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# DuckDB, the outside reader that checks the Parquet files the runs tool writes (pinned in its package.json).
reader=tests/Storage.Cli.Tests/parquet-reader
if [ ! -d "$reader/node_modules/@duckdb/node-api" ]; then
  echo "scripts/test.sh: installing DuckDB for node in $reader"
  npm install --prefix "$reader" --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Temporary folders of the tests and the SDK stay in one place that is removed afterwards.
export TMPDIR="${TMPDIR:-$(mktemp -d)}"
mkdir -p "$TMPDIR"

dotnet restore StorageTyped.sln
dotnet build StorageTyped.sln --no-restore -c Release
dotnet test StorageTyped.sln --no-build -c Release --logger "console;verbosity=normal" "$@"

# The packages as a user gets them: StorageTyped and the runs tool packed from this build, installed in a console
# project outside the repository and used there; the runs tool as shipped, NativeAOT and framework-dependent (about
# 1-2 min on a quiet machine, most of it the NativeAOT compile).
scripts/package-test.sh --no-build
