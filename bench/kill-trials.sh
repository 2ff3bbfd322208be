#!/bin/bash
# Kills fuzzprof at random moments and checks that it let go of what it touched.
#
#   bench/kill-trials.sh [N] [SIGNALS]      N trials per signal, 100 by default;
#                                           SIGNALS "KILL INT TERM" by default
#                                           (MODES="attach flame" picks the kinds of run)
#
# For each signal, N trials in all, taking turns: attach --pid of a persistent target (perf count,
# strace sample), attach --pid of a libFuzzer target (uprobe count), flame --pid of the persistent
# target (perf record), and launch -n 2 of AFL++ on the shared-memory libjpeg harness. Each trial
# starts fuzzprof, sends the signal after a random delay drawn from the whole length of the run
# (JVM start included), and then checks, after giving fuzzprof's guards up to GRACE seconds:
#   - the target is alive, not traced (TracerPid 0 in /proc/PID/status of its processes) and
#     not stopped (the fork server never in State T or t; the persistent child, which stops
#     itself once per case, not in T or t in every one of 20 looks over a second);
#   - no process fuzzprof had started is left (its descendants, listed just before the signal,
#     compared by pid and start time), and no strace or perf names the target's pids;
#   - no uprobe on the trial's own copy of the binary is left in uprobe_events;
#   - launch: no process carrying FUZZPROF_LAUNCH in its environment that was not there before,
#     and none naming the trial's output dir;
#   - SIGINT/SIGTERM: fuzzprof ended (within 30 s) and wrote its partial report (attach: --out,
#     flame: the flame graph, launch: the final fuzzprof-launch.json), or, when the signal came
#     in the first EARLY_MS (1500) ms, before there may be anything to report, exited 130 or 143
#     with at most one line on stderr.
# Prints one line per failed trial and, per signal, "R/N released" (and "W/M reports written").
# Needs root, perf, strace, afl-fuzz, clang (make -C targets all afl libfuzzer). Takes about
# 6-10 s a trial on the 2-core box (more under load): N=100 is 10-17 minutes per signal.
set -u
set -m  # job control: background jobs get SIGINT as a terminal would give it (not ignored)
here=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100}
SIGNALS=${2:-"KILL INT TERM"}
GRACE=${GRACE:-10}
# a signal this soon may come before fuzzprof has anything to report (the JVM is starting):
# then exit 130/143 with at most one line is right, and is counted apart
EARLY_MS=${EARLY_MS:-1500}
make -s -C "$here/targets" all afl libfuzzer >/dev/null || { echo "make -C targets failed" >&2; exit 1; }
"$here/fuzzprof" --version >/dev/null || exit 1  # builds the jar when sources changed
work=$(mktemp -d /tmp/kill-trials.XXXXXX)
# a copy of the jar, so that a rebuild during the trials cannot change what is tried
cp "$here/profiler-cli/target/fuzzprof-all.jar" "$work/fuzzprof.jar"
# SIGINT and SIGTERM as a terminal gives them, even when this script was started in the
# background (where the shell ignores SIGINT, and a JVM that finds it ignored keeps it so)
fuzzprof() { exec env --default-signal=INT,TERM java -XX:+UseSerialGC -Xmx320m -jar "$work/fuzzprof.jar" "$@"; }
cp "$here/targets/build/live_persistent" "$here/targets/build/afl_libjpeg_shmem" \
  "$here/targets/input.bin" "$work/"
cp "$here/targets/build/libfuzzer_noop" "$work/libfuzzer_noop_kt"  # a name no one else probes
mkdir -p "$work/seeds" "$work/lf-corpus"
cp "$here/targets/build/libjpeg_seed.jpg" "$work/seeds/"
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 LC_ALL=C

started=()
fz=""
cleanup() {  # the trial under way, if the script itself is stopped: fuzzprof first, by SIGTERM
  [ -n "$fz" ] && kill -TERM "$fz" 2>/dev/null && sleep 8
  for p in "${started[@]}"; do kill -KILL "$p" 2>/dev/null; done
  grep -F "$work/" /sys/kernel/tracing/uprobe_events 2>/dev/null | sed 's/^p:\([^ ]*\) .*/\1/; s,/,:,' \
    | while read -r e; do perf probe -q -d "$e"; done
  rm -rf "$work"
}
trap cleanup EXIT

# every process as "pid ppid starttime" (fields 1, 4 and 22 of /proc/PID/stat; the comm may
# hold spaces, so the fields are counted from the last ")")
table() {
  awk 'FNR == 1 { i = match($0, /\) [^)]*$/); if (!i) next; n = split(substr($0, i + 2), f, " ");
       print $1, f[2], f[20] }' /proc/[0-9]*/stat 2>/dev/null
}
descendants() { # pid:starttime of every descendant of $1
  table | awk -v root="$1" '{ pp[$1] = $2; st[$1] = $3 }
    END { for (p in pp) { q = pp[p]; d = 0
            while (q > 1) { if (q == root) { d = 1; break } ; q = pp[q] }
            if (d) print p ":" st[p] } }'
}
alive_same() { # pid:starttime still the same process
  local pid=${1%%:*} st=${1##*:} line
  read -r line <"/proc/$pid/stat" 2>/dev/null || return 1
  local rest=${line##*) }; set -- $rest
  [ -d "/proc/$pid" ] || return 1
  [ "${20}" = "$st" ]
}
field() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null; }
launch_marked() { # pids whose environment carries FUZZPROF_LAUNCH=$1 (any launch: no $1)
  grep -lsz "^FUZZPROF_LAUNCH=${1:-}" /proc/[0-9]*/environ 2>/dev/null | sed 's,/proc/,,; s,/environ,,'
}
launch_ids() { # the launch ids in the environment or guard arguments of pid:starttime list $1
  local k
  for k in $1; do
    grep -sazo '^FUZZPROF_LAUNCH=[0-9a-f]*' "/proc/${k%%:*}/environ" 2>/dev/null | tr '\0' '\n' | cut -d= -f2
    tr '\0' '\n' <"/proc/${k%%:*}/cmdline" 2>/dev/null | grep -A1 -x fuzzprof-launch-guard | tail -n +2
  done | sort -u
}
naming() { # pids of the processes whose command line has the word $1 ($2: only strace or perf)
  local f
  for f in $(grep -lswzF -- "$1" /proc/[0-9]*/cmdline 2>/dev/null); do
    if [ -n "${2:-}" ]; then
      head -c 200 "$f" 2>/dev/null | tr '\0' '\n' | head -1 | grep -qE '(^|/)(strace|perf)$' || continue
    fi
    f=${f#/proc/}; echo "${f%/cmdline}"
  done
}
rand_ms() { echo $(( (RANDOM * 32768 + RANDOM) % $1 )); }

start_persistent() {
  "$work/live_persistent" "$work/input.bin" 0 >"$work/t.out" 2>/dev/null &
  tpid=$!; started+=("$tpid")
  for _ in $(seq 50); do grep -q child "$work/t.out" 2>/dev/null && break; sleep 0.05; done
  cpid=$(awk '/child/ {print $2}' "$work/t.out")
}
start_libfuzzer() {
  "$work/libfuzzer_noop_kt" -seed=1 "$work/lf-corpus" "$work/seeds" >/dev/null 2>"$work/lf.log" &
  tpid=$!; started+=("$tpid"); cpid=""
  sleep 0.5
}

# one trial: $1 mode, $2 signal; prints a line and returns 1 when something was left
trial() {
  local mode=$1 sig=$2 out="$work/out" rep before span problems=() tpid cpid
  rm -rf "$out" "$work"/report* "$work"/flame*
  case $mode in
    attach) start_persistent; rep="$work/report.txt"; span=7000
      fuzzprof attach --pid "$tpid" --duration 3s --out "$rep" >/dev/null 2>"$work/err" & ;;
    attach-libfuzzer) start_libfuzzer; rep="$work/report.txt"; span=6000
      fuzzprof attach --pid "$tpid" --duration 3s --sample-time 1s --log "$work/lf.log" \
        --out "$rep" >/dev/null 2>"$work/err" & ;;
    flame) start_persistent; rep="$work/flame.html"; span=5000
      fuzzprof flame --pid "$tpid" --duration 2s --out "$rep" >/dev/null 2>"$work/err" & ;;
    launch) tpid=""; cpid=""; rep="$out/fuzzprof-launch.json"; span=15000
      fuzzprof launch -n 2 -i "$work/seeds" -o "$out" --plain -- "$work/afl_libjpeg_shmem" \
        >/dev/null 2>"$work/err" & ;;
  esac
  fz=$!
  local delay; delay=$(rand_ms "$span")
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  local kids ids; kids=$(descendants "$fz"); ids=$(launch_ids "$kids")
  local ended_before=0; kill -0 "$fz" 2>/dev/null || ended_before=1
  kill -"$sig" "$fz" 2>/dev/null
  local code=0 waited=0
  while kill -0 "$fz" 2>/dev/null && [ $waited -lt 300 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$fz" 2>/dev/null; then
    local dump="${TMPDIR:-/tmp}/kill-trials-hang-$fz.txt"
    command -v jstack >/dev/null && jstack "$fz" >"$dump" 2>&1 || dump="(no jstack)"
    problems+=("fuzzprof still running 30 s after SIG$sig (threads: $dump)"); kill -KILL "$fz"
  fi
  wait "$fz" 2>/dev/null; code=$?; fz=""
  # the checks, retried until clean or GRACE seconds have passed
  local t=0 left
  while :; do
    left=()
    for k in $kids; do alive_same "$k" && [ "${k%%:*}" != "$tpid" ] && [ "${k%%:*}" != "$cpid" ] \
      && left+=("left: ${k%%:*} $(tr '\0' ' ' <"/proc/${k%%:*}/cmdline" 2>/dev/null | cut -c1-60)"); done
    for p in $tpid $cpid; do
      for h in $(naming "$p" helpers); do
        [ "$h" != "$tpid" ] && [ "$h" != "$cpid" ] \
          && left+=("helper naming $p left: $h $(tr '\0' ' ' <"/proc/$h/cmdline" 2>/dev/null | cut -c1-60)")
      done
    done
    grep -qsF "$work/" /sys/kernel/tracing/uprobe_events \
      && left+=("uprobe left: $(grep -F "$work/" /sys/kernel/tracing/uprobe_events | head -1)")
    if [ "$mode" = launch ]; then
      [ -s "$rep" ] && ids="$ids $(grep -o '"id" *: *"[0-9a-f]*"' "$rep" | grep -o '[0-9a-f]*"$' | tr -d '"')"
      for id in $ids; do
        for p in $(launch_marked "$id\$"); do
          left+=("FUZZPROF_LAUNCH=$id left: $p $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-60)")
        done
      done
      for h in $(naming "$out"); do left+=("naming $out left: $h $(tr '\0' ' ' <"/proc/$h/cmdline" 2>/dev/null | cut -c1-60)"); done
    fi
    [ ${#left[@]} -eq 0 ] || [ $t -ge $((GRACE * 10)) ] && break
    sleep 0.1; t=$((t + 1))
  done
  problems+=("${left[@]}")
  if [ -n "$tpid" ]; then
    for p in $tpid $cpid; do
      [ -d "/proc/$p" ] && [ "$(field "$p" State)" != Z ] || { problems+=("target $p gone"); continue; }
      [ "$(field "$p" TracerPid)" = 0 ] || problems+=("target $p traced by $(field "$p" TracerPid)")
    done
    local run=0 looks=0
    for _ in $(seq 20); do
      s=$(field "$tpid" State); [ "$s" = T ] || [ "$s" = t ] && problems+=("fork server $tpid in State $s")
      if [ -n "$cpid" ]; then s=$(field "$cpid" State); [ "$s" = T ] || [ "$s" = t ] || run=1; fi
      looks=$((looks + 1)); sleep 0.05
    done
    [ -n "$cpid" ] && [ $run = 0 ] && problems+=("persistent child $cpid stopped in all $looks looks")
  fi
  local wrote=na
  if [ "$sig" != KILL ]; then
    if [ -s "$rep" ]; then wrote=yes
    elif [ "$code" -ge 129 ] && [ "$(grep -c . "$work/err")" -le 1 ] && [ "$delay" -le "$EARLY_MS" ]; then
      wrote=early; [ "$delay" -gt "$early_max" ] && early_max=$delay
    else wrote=no; problems+=("no report and exit $code: $(head -c 300 "$work/err" | tr '\n' '|')"); fi
  fi
  grep -qE 'Exception|^\s+at ' "$work/err" && problems+=("stack trace: $(head -c 200 "$work/err" | tr '\n' '|')")
  [ -n "$tpid" ] && { kill -KILL "$tpid" $cpid 2>/dev/null; wait "$tpid" 2>/dev/null; }
  last_wrote=$wrote
  if [ ${#problems[@]} -gt 0 ]; then
    printf 'SIG%s %s after %d ms (exit %s%s): %s\n' "$sig" "$mode" "$delay" "$code" \
      "$([ $ended_before = 1 ] && echo ', had ended')" "$(IFS=';'; echo "${problems[*]}")"
    return 1
  fi
  return 0
}

read -r -a modes <<<"${MODES:-attach attach-libfuzzer flame launch}"
for sig in $SIGNALS; do
  released=0 written=0 early=0 early_max=0 t0=$(date +%s)
  for i in $(seq 0 $((N - 1))); do
    trial "${modes[$((i % ${#modes[@]}))]}" "$sig" 2>/dev/null && released=$((released + 1))
    [ "$last_wrote" = yes ] && written=$((written + 1))
    [ "$last_wrote" = early ] && early=$((early + 1))
  done
  line="SIG$sig: $released/$N released"
  [ "$sig" != KILL ] && line+=", $written/$N reports written, $early ended before there was anything to report (signalled at most $early_max ms after the start)"
  echo "$line  ($(( $(date +%s) - t0 )) s)"
done
