#!/usr/bin/env bash
# attach-overhead.sh - what each way of observing costs a persistent fuzz target.
#
# Runs the persistent reference target (parent + child, open/read/close + raise(SIGSTOP) per
# case, like afl-fuzz drives a persistent target) pinned to CPU $CPU for $RUN seconds, and
# alternates runs without any observer with runs where one observer is attached for the run. Each observed run is paired with the unobserved run just before it; the slowdown of
# a pair is baseline cases/s / observed cases/s over the whole run; the median over $ROUNDS
# pairs is printed per mode. strace and perf trace are attached for the whole run; attach
# runs with its defaults (5 s count, then the strace sample), inside the 7 s run. Observers run on the other CPU ($OBS_CPU) so that the figure is
# what the target pays, not the JVM's start-up competing for the same core.
#
# The observer CPU is kept busy by a spinner during every run, baseline included: on this VM an
# idle sibling vCPU alone makes the pinned ping-pong target 1.1-3x slower (measured: 19,100 vs
# 60,636 cases/s with CPU 1 idle vs spinning), which would otherwise be credited to the observer.
#
# Usage: bench/attach-overhead.sh [ROUNDS]   (needs make, gcc, perf, strace, taskset, java, mvn)
set -euo pipefail
set -m   # background jobs keep SIGINT (observers are ended by it)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${1:-3}
CPU=${CPU:-0}
OBS_CPU=${OBS_CPU:-1}
RUN=${RUN:-7}
export LC_ALL=C
work=$(mktemp -d)
taskset -c "$OBS_CPU" sh -c 'while :; do :; done' &
spinner=$!
trap 'kill "$spinner" 2>/dev/null; rm -rf "$work"' EXIT

make -s -C "$here/targets" build/live_persistent
cp "$here/targets/build/live_persistent" "$work/target"
head -c 543 /dev/zero > "$work/input.bin"
"$here/fuzzprof" --version >/dev/null   # build once, outside the measurements

one_run() { # $1 = mode; prints cases/s of the whole run
  taskset -c "$CPU" "$work/target" "$work/input.bin" "$RUN" >"$work/child" 2>"$work/result" &
  local driver=$!
  sleep 0.1
  local child
  child=$(awk '{print $2}' "$work/child")
  local obs=""
  case $1 in
    none) ;;
    attach) taskset -c "$OBS_CPU" "$here/fuzzprof" attach --pid "$child" >/dev/null 2>&1 & obs=$! ;;
    attach-no-trace) taskset -c "$OBS_CPU" "$here/fuzzprof" attach --pid "$child" --no-trace >/dev/null 2>&1 & obs=$! ;;
    strace) taskset -c "$OBS_CPU" timeout -s INT "$RUN" strace -f -o /dev/null -p "$child" 2>/dev/null & obs=$! ;;
    perf-trace) taskset -c "$OBS_CPU" timeout -s INT "$RUN" perf trace -o /dev/null -p "$child" 2>/dev/null & obs=$! ;;
  esac
  wait "$driver" || true
  [ -n "$obs" ] && { wait "$obs" 2>/dev/null || true; }
  sed -n 's/.*cases_per_sec=\([0-9.]*\).*/\1/p' "$work/result"
}

modes="attach attach-no-trace strace perf-trace"
declare -A ratios
for r in $(seq "$ROUNDS"); do
  for m in $modes; do
    base=$(one_run none)
    seen=$(one_run "$m")
    ratio=$(awk -v b="$base" -v s="$seen" 'BEGIN { printf "%.3f", (s > 0 ? b / s : 0) }')
    ratios[$m]="${ratios[$m]:-} $ratio"
    echo "round $r  $m: baseline $base cases/s, observed $seen cases/s, slowdown ${ratio}x" >&2
  done
done

echo "mode              median slowdown (target pinned to CPU $CPU, ${RUN}s runs, $ROUNDS pairs)"
for m in $modes; do
  med=$(tr ' ' '\n' <<<"${ratios[$m]}" | grep . | sort -g | awk '{a[NR]=$1} END { print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2) }')
  printf '%-17s %sx\n' "$m" "$med"
done
