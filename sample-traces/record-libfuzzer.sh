#!/bin/bash
# Records the libFuzzer log fixtures of tracers/src/test/resources/libfuzzer/ from real runs of
# targets/build/libfuzzer_libjpeg and libfuzzer_crash (make -C targets libfuzzer; clang and
# libclang-rt-14-dev). Usage: sample-traces/record-libfuzzer.sh   (about 30 s)
#   jobs/fuzz-0.log, fuzz-1.log  -jobs=2 -workers=2, ended by SIGINT after 12 s (interrupted)
#   done.log                     -runs=200000 on one seed (Done N runs in T second(s))
#   crash.log                    the crash target until its first crash (deadly signal)
#   fork.log                     -fork=2 for 12 s: the parent's own status lines ("#N: cov: ...")
set -eu
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
B=$ROOT/targets/build
OUT=$ROOT/tracers/src/test/resources/libfuzzer
WORK=$(mktemp -d /tmp/fuzzprof-libfuzzer.XXXXXX)
trap 'pkill -INT -f "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
make -s -C "$ROOT/targets" libfuzzer
mkdir -p "$OUT/jobs" "$WORK/corpus" "$WORK/seed" "$WORK/crash"
cp "$B/libjpeg_seed.jpg" "$WORK/corpus/"
cp "$B/libjpeg_seed.jpg" "$WORK/seed/"
cd "$WORK"
"$B/libfuzzer_libjpeg" -jobs=2 -workers=2 "$WORK/corpus" >jobs.out 2>&1 &
J=$!
sleep 12
pkill -INT -f "$B/libfuzzer_libjpeg $WORK/corpus" || true
wait $J 2>/dev/null || true
cp fuzz-0.log fuzz-1.log "$OUT/jobs/"
"$B/libfuzzer_libjpeg" -runs=200000 "$WORK/seed" >"$OUT/done.log" 2>&1 || true
mkdir -p "$WORK/fork"
cp "$B/libjpeg_seed.jpg" "$WORK/fork/"
"$B/libfuzzer_libjpeg" -fork=2 -max_total_time=12 "$WORK/fork" >"$OUT/fork.log" 2>&1 || true
"$B/libfuzzer_crash" -artifact_prefix="$WORK/crash/" >"$OUT/crash.log" 2>&1 || true
echo "recorded into $OUT"
