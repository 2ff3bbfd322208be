#!/usr/bin/env bash
# Records sample-traces/scale/fuzzprof-scale.json: a real fuzzprof scale run over 1 and 2
# instances of the libjpeg shared-memory harness (AFL++), 20 s per step after 5 s of warm-up.
# Needs root (perf counts the cases), AFL++ and the targets; takes about a minute and a half.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
make -s -C "$here/targets" afl >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/seeds"
cp "$here/targets/build/libjpeg_seed.jpg" "$work/seeds/"
cd "$here"
./fuzzprof scale --instances 1,2 --step 20s --warmup 5s -i "$work/seeds" -o "$work/out" \
  -- targets/build/afl_libjpeg_shmem
mkdir -p sample-traces/scale
cp "$work/out/fuzzprof-scale.json" sample-traces/scale/
