#!/usr/bin/env bash
# The media benchmark (README, "Frames, videos and backups"): installs what its Python baseline needs
# (Debian's python3-imageio, which brings Pillow, and ffmpeg) when run as root, then runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
if ! /usr/bin/python3 -c 'import imageio, numpy' >/dev/null 2>&1; then missing+=(python3-numpy python3-imageio); fi
if ! command -v ffmpeg >/dev/null 2>&1; then missing+=(ffmpeg); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bench/media.sh needs ${missing[*]}: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
exec dotnet run -c Release --project bench/Storage.Bench -- media "$@"
