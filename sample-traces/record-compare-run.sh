#!/usr/bin/env bash
# Records sample-traces/compare-run/: a real `fuzzprof compare --run` of two AFL++ power
# schedules, -p fast (arm A) against -p explore (arm B), on the libjpeg shared-memory harness
# (targets/afl_libjpeg.c, built as afl_libjpeg_shmem), TRIALS trials of SECONDS each per arm, one
# CPU per trial, both arms at once, the arms swapping CPUs every round. Same seed for all:
# targets/build/libjpeg_seed.jpg. AFL++ 4.04c writes its first plot_data row after about a
# minute, so trials of 90 s have a curve from there.
# Kept per trial (A-N/, B-N/): fuzzprof-trial.json (its CPUs and the CPU seconds it received) and
# of its one instance, s1/, fuzzer_stats, fuzzer_setup, plot_data and cmdline (what compare
# reads; the queue, crashes and bitmap are dropped), and the run's report, fuzzprof-compare.json.
# Takes about TRIALS x (SECONDS + 3 s): some 16 minutes with the defaults.
# Usage: sample-traces/record-compare-run.sh [TRIALS] [SECONDS]   (default 10 90)
set -euo pipefail
export LC_ALL=C
TRIALS=${1:-10}
SECONDS_PER_TRIAL=${2:-90}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
make -s -C "$here/targets" afl >/dev/null
work="$(mktemp -d /tmp/fuzzprof-compare-run.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/seeds"
cp "$here/targets/build/libjpeg_seed.jpg" "$work/seeds/"
cd "$here"
./fuzzprof compare --run --trials "$TRIALS" --duration "${SECONDS_PER_TRIAL}s" \
  -i "$work/seeds" -o "$work/out" \
  --env AFL_SKIP_CPUFREQ=1 --env AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  --arm-a "fast=afl-fuzz -p fast -- targets/build/afl_libjpeg_shmem" \
  --arm-b "explore=afl-fuzz -p explore -- targets/build/afl_libjpeg_shmem"
dest=sample-traces/compare-run
rm -rf "$dest"
mkdir -p "$dest"
cp "$work/out/fuzzprof-compare.json" "$dest/"
for t in "$work"/out/[AB]-*; do
  name=$(basename "$t")
  mkdir -p "$dest/$name/s1"
  cp "$t/fuzzprof-trial.json" "$dest/$name/"
  for f in fuzzer_stats fuzzer_setup plot_data cmdline; do
    cp "$t/s1/$f" "$dest/$name/s1/$f"
  done
done
echo "recorded $dest: $TRIALS trials of $SECONDS_PER_TRIAL s per arm"
