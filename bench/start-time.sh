#!/usr/bin/env bash
# Start-up time of the fuzzprof command line against the JVM's own (`java -version`).
# Issue target: `./fuzzprof --version` under 3x `java -version`.
#
# Usage: bench/start-time.sh [N]
# Prints the median wall time of N runs (default 11) of: java -version; ./fuzzprof --version and
# ./fuzzprof analyze sample-traces/afl-persistent-file.strace, each with the launcher's AppCDS
# archive and without it (FUZZPROF_CDS=0); and the ratios to java -version.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-11}"
export LC_ALL=C
trace="$here/sample-traces/afl-persistent-file.strace"
"$here/fuzzprof" --version >/dev/null   # build and make the archive, outside the timing

median() { # command...: median wall seconds of $n runs
  local i t0 t1
  for i in $(seq "$n"); do
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] / 1e6 }'
}
nocds() { FUZZPROF_CDS=0 "$@"; }

jv=$(median java -version)
v=$(median "$here/fuzzprof" --version)
v0=$(median nocds "$here/fuzzprof" --version)
a=$(median "$here/fuzzprof" analyze "$trace")
a0=$(median nocds "$here/fuzzprof" analyze "$trace")
printf 'median of %d runs; %s cores, load %s\n' "$n" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
row() { awk -v n="$1" -v t="$2" -v j="$jv" 'BEGIN { printf "%-52s %6.3f s  %5.1fx java -version\n", n, t, t / j }'; }
row "java -version" "$jv"
row "./fuzzprof --version (AppCDS)" "$v"
row "./fuzzprof --version (no archive)" "$v0"
row "./fuzzprof analyze afl-persistent-file (AppCDS)" "$a"
row "./fuzzprof analyze afl-persistent-file (no archive)" "$a0"
