#!/bin/bash
# Records the bundled A/B trials, sample-traces/compare/: one fuzz target (targets/afl_harness.c)
# in two builds, TRIALS single-instance AFL++ trials of SECONDS each per build:
#   shmem-N/       afl-fuzz -V SECONDS ... -- B/afl_shmem          (persistent, shared-memory input)
#   forkserver-N/  afl-fuzz -V SECONDS ... -- B/afl_forkserver @@  (a process per case, file input)
# The trials run one at a time, the arms interleaved (shmem-1, forkserver-1, shmem-2, ...), so
# whatever else the machine does hits both arms alike. Same seeds for all: targets/input.bin and
# its first 120 bytes. Kept per trial: default/{fuzzer_stats,fuzzer_setup,plot_data,cmdline}
# (the queue is the fuzzer's inputs, not what fuzzprof reads).
# AFL++ 4.04c writes its first plot_data row after a minute (then one every 5 s, and one at
# exit), so trials shorter than that have no curve: the default is 90 s.
# Then LIBFUZZER trials of the same decode() under libFuzzer (B/libfuzzer_harness, 10 s each,
# -seed=N): libfuzzer-N.log, final values only.
# Usage: sample-traces/record-compare.sh [TRIALS] [SECONDS] [LIBFUZZER]   (default 5 90 3)
set -u
export LC_ALL=C AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    AFL_NO_AFFINITY=1
TRIALS=${1:-5}
SECONDS_PER_TRIAL=${2:-90}
LIBFUZZER=${3:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
B=$ROOT/targets/build
OUT=$HERE/compare
WORK=$(mktemp -d /tmp/fuzzprof-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

make -s -C "$ROOT/targets" afl build/libfuzzer_harness || exit 1
mkdir -p "$WORK/in"
cp "$ROOT/targets/input.bin" "$WORK/in/seed.jpg"
head -c 120 "$ROOT/targets/input.bin" > "$WORK/in/short.jpg"

cd "$WORK"
for i in $(seq 1 "$TRIALS"); do
    afl-fuzz -V "$SECONDS_PER_TRIAL" -i in -o "shmem-$i" -- "$B/afl_shmem" >"shmem-$i.log" 2>&1 \
        || { echo "shmem-$i failed: see the log below"; tail -20 "shmem-$i.log"; exit 1; }
    afl-fuzz -V "$SECONDS_PER_TRIAL" -i in -o "forkserver-$i" -- "$B/afl_forkserver" @@ \
        >"forkserver-$i.log" 2>&1 \
        || { echo "forkserver-$i failed: see the log below"; tail -20 "forkserver-$i.log"; exit 1; }
done

mkdir -p corpus
for i in $(seq 1 "$LIBFUZZER"); do
    rm -rf corpus/* && cp in/* corpus/
    "$B/libfuzzer_harness" -max_total_time=10 -seed="$i" -print_final_stats=1 corpus \
        >"libfuzzer-$i.log" 2>&1 || { echo "libfuzzer-$i failed"; tail -20 "libfuzzer-$i.log"; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT"
cp libfuzzer-*.log "$OUT/" 2>/dev/null
for d in shmem-[0-9]* forkserver-[0-9]*; do
    [ -d "$d" ] || continue
    mkdir -p "$OUT/$d/default"
    for f in fuzzer_stats fuzzer_setup plot_data cmdline; do
        cp "$d/default/$f" "$OUT/$d/default/$f"
    done
done
echo "recorded $OUT: $TRIALS trials of $SECONDS_PER_TRIAL s per arm, $LIBFUZZER libFuzzer logs"
