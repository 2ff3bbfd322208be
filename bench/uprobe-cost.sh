#!/bin/bash
# What one uprobe hit costs a libFuzzer target on this machine: the same deterministic run
# (-seed=1 -runs=N of targets/libfuzzer_noop.c, which does nothing per input so the hits
# dominate, pinned to one CPU) timed with and without a uprobe on LLVMFuzzerTestOneInput
# counting it, ROUNDS times each, interleaved. TARGET=libfuzzer_libjpeg times the real harness.
# Prints the user+system CPU seconds of each run and (with - without) / hits in microseconds.
# Needs root, perf, clang (make -C targets libfuzzer). Usage: bench/uprobe-cost.sh [RUNS] [ROUNDS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-5000000}
ROUNDS=${2:-3}
CPU=${CPU:-1}
make -s -C "$here/targets" libfuzzer
B=$here/targets/build/${TARGET:-libfuzzer_noop}
work=$(mktemp -d)
trap 'perf probe -q -d "fuzzprof:bench*" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/seed"
cp "$here/targets/build/libjpeg_seed.jpg" "$work/seed/"
perf probe -q -x "$B" -a "fuzzprof:bench=LLVMFuzzerTestOneInput"
cpu_of() { # runs the target; prints its user+system CPU seconds
  /usr/bin/time -f "%U %S" -o "$work/t" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.3f\n", $1 + $2}' "$work/t"
}
plain=(); probed=(); hits=0
for r in $(seq 1 "$ROUNDS"); do
  plain+=("$(cpu_of taskset -c "$CPU" "$B" -seed=1 -runs="$RUNS" "$work/seed")")
  probed+=("$(cpu_of perf stat -x, -o "$work/stat" -e fuzzprof:bench -- taskset -c "$CPU" "$B" -seed=1 -runs="$RUNS" "$work/seed")")
  hits=$(awk -F, '/fuzzprof:bench/ {print $1}' "$work/stat")
done
echo "runs=$RUNS rounds=$ROUNDS hits per probed run=$hits"
echo "cpu seconds without the uprobe: ${plain[*]}"
echo "cpu seconds with the uprobe:    ${probed[*]}"
python3 - "$hits" "${plain[*]}" "${probed[*]}" <<'PY'
import sys, statistics
hits = int(sys.argv[1]); a = [float(x) for x in sys.argv[2].split()]; b = [float(x) for x in sys.argv[3].split()]
d = statistics.median(b) - statistics.median(a)
print(f"median without {statistics.median(a):.3f} s, with {statistics.median(b):.3f} s: "
      f"{d / hits * 1e6:.2f} us per hit, {100 * d / statistics.median(a):.1f}% slower")
PY
