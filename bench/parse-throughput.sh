#!/usr/bin/env bash
# Parse-speed benchmark for `fuzzprof analyze` (issue target: >= 5 M lines/s end to end, JVM start
# included, at most 512 MB resident, on a 1 GB trace; faster than awk merely counting syscall names).
#
# Usage: bench/parse-throughput.sh [SAMPLE_TRACE] [MEGABYTES] [RUNS]
# Builds a large trace by repeating a real sample (bench/make-big-trace.py), then times, on the same
# page-cached file: wc -l (the I/O ceiling), awk counting syscall names, and fuzzprof analyze.
# Prints lines/s, MB/s and peak RSS for each. The big file is made at run time, never committed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sample="${1:-$here/sample-traces/afl-persistent-file.strace}"
mb="${2:-1024}"
runs="${3:-3}"
out="${BENCH_DIR:-/tmp}/fuzzprof-bench-${mb}M.strace"
export LC_ALL=C

if [ ! -s "$out" ] || [ "$sample" -nt "$out" ]; then
  echo "making a ${mb} MB trace from $sample ..." >&2
  python3 "$here/bench/make-big-trace.py" "$sample" "$out" "$mb"
fi
"$here/fuzzprof" --version >/dev/null   # build first, outside the timing
cat "$out" >/dev/null                    # page-cache the file, as the measurements did
lines=$(wc -l <"$out")
bytes=$(stat -c %s "$out")
printf 'trace: %s, %d lines, %.0f MB; %s cores, load %s\n' "$out" "$lines" "$((bytes / 1048576))" \
  "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
measure() { # name, command...: best wall time of $runs runs, with that run's peak RSS
  local name=$1; shift
  local best="" t secs rss
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$timing" -f '%e %M' "$@" >/dev/null 2>&1
    t=$(tail -1 "$timing")
    if [ -z "$best" ] || awk -v a="${t% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
      best=$t
    fi
  done
  secs=${best% *}
  rss=${best#* }
  awk -v n="$name" -v s="$secs" -v l="$lines" -v b="$bytes" -v r="$rss" 'BEGIN {
    printf "%-30s %6.2f s  %6.2f M lines/s  %6.0f MB/s  peak RSS %4.0f MB\n", n, s, l/s/1e6, b/s/1048576, r/1024 }'
}

measure "wc -l" wc -l "$out"
measure "awk (count syscall names)" awk -F'(' '{ n = split($1, w, " "); c[w[n]]++ } END { for (k in c) m++; print m }' "$out"
measure "fuzzprof analyze" "$here/fuzzprof" analyze "$out"
FUZZPROF_JAVA_OPTS=-Dfuzzprof.parse.threads=1 \
  measure "fuzzprof analyze, 1 parse thread" "$here/fuzzprof" analyze "$out"
echo "(best of $runs runs each; fuzzprof includes JVM start-up)"
