#!/usr/bin/env bash
# Parse-speed benchmark for `fuzzprof analyze` against mawk counting syscall names and wc -l.
# Issue target: fuzzprof's wall time (JVM start included) at most 0.25x mawk's, heap capped at 512 MB.
#
# Usage: bench/parse-throughput.sh [SIZE_MB] [SAMPLE_TRACE]
# Makes (or reuses) under /tmp a SIZE_MB trace by repeating a real sample whole (bench/
# make-big-trace.py shifts every round's timestamps past the previous round's, so the cases stay
# real cases; the pids stay those of the capture, as a persistent target keeps its pid). Then, in
# this one run and on the same page-cached file, it times once each: wc -l, mawk counting syscall
# names, and ./fuzzprof analyze with -Xmx512m. Prints seconds, lines/s, peak RSS and the ratios.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mb="${1:-1100}"
sample="${2:-$here/sample-traces/afl-persistent-file.strace}"
out="${BENCH_DIR:-/tmp}/fuzzprof-bench-$(basename "$sample" | tr -c 'A-Za-z0-9.\n' _)-${mb}M.strace"
export LC_ALL=C
command -v mawk >/dev/null || { echo "bench: mawk is missing (scripts/install-deps.sh)" >&2; exit 4; }

if [ ! -s "$out" ] || [ "$sample" -nt "$out" ]; then
  echo "making a ${mb} MB trace from $sample in $out ..." >&2
  python3 "$here/bench/make-big-trace.py" "$sample" "$out.tmp.$$" "$mb"
  mv -f "$out.tmp.$$" "$out"
fi
"$here/fuzzprof" --version >/dev/null   # build first, outside the timing
cat "$out" >/dev/null                    # page-cache the file
lines=$(wc -l <"$out")
bytes=$(stat -c %s "$out")
printf 'trace: %s, %d lines, %d MB; %s cores, load %s\n' "$out" "$lines" "$((bytes / 1048576))" \
  "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
measure() { # name, command...: one run; sets secs, prints the figures
  local name=$1; shift
  /usr/bin/time -o "$timing" -f '%e %M' "$@" >/dev/null 2>&1
  local t; t=$(tail -1 "$timing")
  secs=${t% *}
  awk -v n="$name" -v s="$secs" -v l="$lines" -v r="${t#* }" 'BEGIN {
    printf "%-34s %6.2f s  %7.2f M lines/s  peak RSS %4.0f MB\n", n, s, l/s/1e6, r/1024 }'
}

measure "wc -l" wc -l "$out"; wc=$secs
# the name is the third field when the separators are a space or '(' (pid, time, name(args...)
measure "mawk (count syscall names)" mawk -F'[ (]' '{ c[$3]++ } END { for (k in c) n++; print n }' "$out"
mawk_s=$secs
FUZZPROF_JAVA_OPTS="-Xmx512m ${FUZZPROF_JAVA_OPTS:-}" \
  measure "fuzzprof analyze (-Xmx512m)" "$here/fuzzprof" analyze "$out"
fp=$secs
awk -v f="$fp" -v m="$mawk_s" -v w="$wc" 'BEGIN {
  printf "fuzzprof / mawk: %.2fx (target <= 0.25x)   fuzzprof / wc -l: %.1fx\n", f/m, f/w }'
echo "(one run each; fuzzprof includes JVM start-up)"
