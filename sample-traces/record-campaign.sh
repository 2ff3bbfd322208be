#!/bin/bash
# Records the bundled long campaign, sample-traces/libjpeg-campaign/: a real AFL++ sync dir on
# the libjpeg harness (targets/afl_libjpeg.c, shared-memory input), long enough that the HTML
# report's charts have a curve, and one that tells the seed's story on a 2-CPU box:
#   0:00  main -b 0 and s1 -b 1 start, one instance per CPU
#   MINUTES/2  s2 starts with -b 1 as well: s1 and s2 now share CPU 1 (a collision), and s1's
#         execs/s in the chart halve from that moment
#   MINUTES  fuzzprof snapshot records /proc and the files, then every instance gets SIGINT
# Kept: fuzzer_stats, fuzzer_setup, plot_data, cmdline per instance (no queue: it is
# the fuzzer's inputs, not what fuzzprof reads), and libjpeg-campaign.snapshot.json.
# Needs root (perf counts cases in the snapshot), AFL++ and libjpeg (scripts/install-deps.sh).
# Usage: sample-traces/record-campaign.sh [MINUTES]      (default 6)
# FUZZPROF=CMD runs another fuzzprof than ./fuzzprof (e.g. a built jar, while sources change).
set -u
export LC_ALL=C AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
MINUTES=${1:-6}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
B=$ROOT/targets/build
OUT=$HERE/libjpeg-campaign
WORK=$(mktemp -d /tmp/fuzzprof-campaign.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -INT "$p" 2>/dev/null; done
    sleep 2
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

make -s -C "$ROOT/targets" afl || exit 1
mkdir -p "$WORK/in"
cp "$B/libjpeg_seed.jpg" "$WORK/in/"
T=$B/afl_libjpeg_shmem
half=$((MINUTES * 30))

cd "$WORK"
afl-fuzz -b 0 -i in -o sync -M main -- "$T" >main.log 2>&1 & PIDS+=($!)
sleep 1  # AFL++ binds CPUs one instance at a time; -b makes the choice, the pause keeps it calm
afl-fuzz -b 1 -i in -o sync -S s1 -- "$T" >s1.log 2>&1 & PIDS+=($!)
sleep "$half"
afl-fuzz -b 1 -i in -o sync -S s2 -- "$T" >s2.log 2>&1 & PIDS+=($!)
sleep "$half"
${FUZZPROF:-$ROOT/fuzzprof} snapshot sync --sample 3s --out "$WORK/snapshot.json" || exit 1
for p in "${PIDS[@]}"; do kill -INT "$p" 2>/dev/null; done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done

rm -rf "$OUT"
for inst in main s1 s2; do
    mkdir -p "$OUT/$inst"
    for f in fuzzer_stats fuzzer_setup plot_data cmdline; do
        cp "sync/$inst/$f" "$OUT/$inst/$f"
    done
done
cp "$WORK/snapshot.json" "$HERE/libjpeg-campaign.snapshot.json"
echo "recorded $OUT and $HERE/libjpeg-campaign.snapshot.json ($MINUTES min)"
