#!/bin/bash
# Re-records every sample trace in this directory from real runs.
# Needs root (ptrace/perf on other processes), strace, perf, gcc and, for the
# afl-* files, AFL++ (afl-fuzz, afl-clang-fast).  Idempotent: every file is
# rewritten.  Usage: sample-traces/record.sh   (from anywhere)
set -u
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
B=$ROOT/targets/build
OUT=$HERE
WORK=$(mktemp -d /tmp/fuzzprof-record.XXXXXX)
PIDS=()

cleanup() {
    for p in "${PIDS[@]}"; do kill -INT "$p" 2>/dev/null; done
    sleep 1
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

make -s -C "$ROOT/targets" clean all afl || exit 1

# strace 6.1 has no --color; newer ones may colour output. Use it only if known.
STRACE=(strace)
if strace --color=never -e trace=none true >/dev/null 2>&1; then
    STRACE=(strace --color=never)
fi

wait_child() { # $1 = parent pid; prints its first child pid once there is one
    local i c
    for i in $(seq 1 200); do
        c=$(pgrep -P "$1" | head -n1)
        if [ -n "$c" ]; then echo "$c"; return 0; fi
        sleep 0.1
    done
    return 1
}

stop() { # stop one background process we started
    kill -INT "$1" 2>/dev/null; sleep 0.3; kill -KILL "$1" 2>/dev/null; wait "$1" 2>/dev/null
}

# ---------------------------------------------------------------- drivers
cd "$WORK"
"$B/persistent_driver" -c 0 2>/dev/null & DRV=$!; PIDS+=($DRV)
CH=$(wait_child $DRV)
sleep 0.3
# [pid N] prefixes need several traced processes: attach to parent and child.
timeout -s INT 1 "${STRACE[@]}" -f -tt -p "$DRV" -p "$CH" 2> "$WORK/bracket.txt"
head -n 2000 "$WORK/bracket.txt" > "$OUT/persistent-tt-bracket-pid.strace"
timeout -s INT 1 "${STRACE[@]}" -f -t -y -o "$WORK/ty.txt" -p "$CH"
head -n 1800 "$WORK/ty.txt" > "$OUT/persistent-t-y.strace"
timeout -s INT 1 "${STRACE[@]}" -o "$WORK/plain.txt" -p "$CH"
head -n 1800 "$WORK/plain.txt" > "$OUT/persistent-plain.strace"
timeout -s INT 1 perf trace -p "$CH" -o "$WORK/perf.txt" >/dev/null 2>&1
head -n 2000 "$WORK/perf.txt" > "$OUT/persistent-driver.perf-trace"
stop $DRV

"$B/old_glibc_raise" -c 0 2>/dev/null & DRV=$!; PIDS+=($DRV)
CH=$(wait_child $DRV)
sleep 0.3
timeout -s INT 1 "${STRACE[@]}" -o "$WORK/seed.txt" -p "$CH"
head -n 5000 "$WORK/seed.txt" > "$OUT/seed-2018-shape.strace"
stop $DRV

"$B/forkserver_driver" -c 0 2>/dev/null & DRV=$!; PIDS+=($DRV)
sleep 0.3
timeout -s INT 1 "${STRACE[@]}" -f -ttt -T -o "$WORK/fsd.txt" -p "$DRV"
head -n 3000 "$WORK/fsd.txt" > "$OUT/forkserver-driver.strace"
stop $DRV

# bad inputs: a plain trace cut inside a line, and random bytes
head -c 3000 "$OUT/persistent-plain.strace" > "$WORK/t.txt"
# make sure the cut falls inside a line (drop a trailing newline if we hit one)
sed -e '$ s/.\{5\}$//' "$WORK/t.txt" | head -c -1 > "$OUT/truncated.strace"
head -c 400 /dev/urandom > "$OUT/garbage.bin"

# ---------------------------------------------------------------- AFL++
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
mkdir -p "$WORK/in"
cp "$ROOT/targets/input.bin" "$WORK/in/seed.jpg"
head -c 120 "$ROOT/targets/input.bin" > "$WORK/in/short.jpg"

afl_session() { # $1 = binary name, $2 = output file stem, $3 = 1 if @@ needed
    local bin=$1 stem=$2 args=() fz srv ch
    [ "$3" = 1 ] && args=(@@)
    rm -rf "$WORK/out-$bin"
    afl-fuzz -i "$WORK/in" -o "$WORK/out-$bin" -- "$B/$bin" "${args[@]}" >"$WORK/afl-$bin.log" 2>&1 &
    fz=$!; PIDS+=($fz)
    srv=$(wait_child $fz) || { echo "no fork server for $bin" >&2; stop $fz; return 1; }
    sleep 5                       # past calibration, into fuzzing
    srv=$(pgrep -P $fz | head -n1)   # comm is cut to 15 chars: match by parent
    ch=$(pgrep -P "$srv" | head -n1)
    if [ "$bin" = afl_forkserver ]; then
        timeout -s INT 1 "${STRACE[@]}" -f -ttt -T -o "$WORK/$stem.txt" -p "$srv"
        head -n 2700 "$WORK/$stem.txt" > "$OUT/$stem.strace"
    else
        timeout -s INT 1 "${STRACE[@]}" -f -ttt -T -o "$WORK/$stem.txt" -p "$ch"
        head -n 2700 "$WORK/$stem.txt" > "$OUT/$stem.strace"
        if [ "$bin" = afl_persistent_file ]; then
            sleep 0.5
            timeout -s INT 1 "${STRACE[@]}" -f -ttt -T -o "$WORK/fsc.txt" -p "$srv" -p "$ch"  # -f alone would not attach the existing child
            head -n 2700 "$WORK/fsc.txt" > "$OUT/afl-persistent-forkserver-and-child.strace"
        fi
    fi
    stop $fz
}
afl_session afl_persistent_file afl-persistent-file 1
afl_session afl_forkserver afl-forkserver 1
afl_session afl_shmem afl-shmem 0

# one sync dir, two instances, ~20 s
rm -rf "$WORK/sync"
afl-fuzz -i "$WORK/in" -o "$WORK/sync" -M main -- "$B/afl_persistent_file" @@ >"$WORK/main.log" 2>&1 &
M=$!; PIDS+=($M)
afl-fuzz -i "$WORK/in" -o "$WORK/sync" -S sec1 -- "$B/afl_persistent_file" @@ >"$WORK/sec1.log" 2>&1 &
S=$!; PIDS+=($S)
sleep 20
kill -INT $M $S; wait $M $S 2>/dev/null
for inst in main sec1; do
    mkdir -p "$OUT/afl-sync-dir/$inst"
    for f in fuzzer_stats fuzzer_setup plot_data cmdline; do
        cp "$WORK/sync/$inst/$f" "$OUT/afl-sync-dir/$inst/$f"
    done
done
echo "recorded into $OUT"
