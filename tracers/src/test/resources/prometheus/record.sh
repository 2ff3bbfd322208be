#!/usr/bin/env bash
# Records the Prometheus /api/v1/query answers the fleet parser tests read.
# Usage: tracers/src/test/resources/prometheus/record.sh [AFL_HARNESS]
# One AFL++ instance (the libjpeg shared-memory harness, taskset -c 1, AFL_NO_AFFINITY=1) under
# `fuzzprof exporter` on one port, the bundled finished libjpeg campaign under a second exporter
# on another (a second "host"), a real Prometheus scraping both every 2 s; after 40 s each of
# fuzzprof fleet's instant queries (window 20s) is saved as QUERY-NAME.json, plus a bad query
# (error.json) and the exporter's /metrics (not-prometheus.txt).
# Recorded on 2026-12-02 (AFL++ 4.04c, Debian prometheus) at 40 s: AFL++ had not yet stepped its
# counter, so the live s1 rate is 0 while its CPU rates are not.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$here/../../../../.."
harness="${1:-$repo/targets/build/afl_libjpeg_shmem}"
export LC_ALL=C
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$repo/fuzzprof" --version >/dev/null   # build first: two launchers must not both build
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mkdir -p "$work/in"; cp "$harness" "$work/h"; cp "$repo/targets/build/libjpeg_seed.jpg" "$work/in/"
cp -r "$repo/sample-traces/libjpeg-campaign" "$work/other-host"
(cd "$work" && AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 taskset -c 1 afl-fuzz -i in -o sync -S s1 -- ./h \
  >"$work/s1.log" 2>&1) & pids+=($!)
sleep 3
p1=$(free); p2=$(free); pp=$(free)
"$repo/fuzzprof" exporter --listen "127.0.0.1:$p1" "$work/sync" 2>"$work/e1.log" & pids+=($!)
"$repo/fuzzprof" exporter --listen "127.0.0.1:$p2" "$work/other-host" 2>"$work/e2.log" & pids+=($!)
cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 2s
scrape_configs:
  - job_name: fuzzprof
    static_configs:
      - targets: ['127.0.0.1:$p1', '127.0.0.1:$p2']
YML
for log in "$work/e1.log" "$work/e2.log"; do
  for _ in $(seq 1 150); do grep -q serving "$log" && break; sleep 0.2; done
done
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$pp" >"$work/prometheus.log" 2>&1 & pids+=($!)
sleep 40
at=$(date +%s)
q() { curl -sfG "http://127.0.0.1:$pp/api/v1/query" --data-urlencode "query=$2" \
  --data-urlencode "time=$at" >"$here/$1.json" || curl -sG "http://127.0.0.1:$pp/api/v1/query" \
  --data-urlencode "query=$2" --data-urlencode "time=$at" >"$here/$1.json"; }
q execs-rate 'rate(fuzzprof_execs_total[20s])'
q up 'fuzzprof_up'
q last-update 'fuzzprof_last_update_timestamp_seconds'
q bound-cpu 'fuzzprof_bound_cpu'
q cpu-rate 'rate(fuzzprof_cpu_seconds_total[20s])'
q busy-rate 'rate(fuzzprof_cpu_busy_seconds_total[20s])'
q finding 'fuzzprof_finding'
q scalar 'scalar(count(fuzzprof_up))'
q error 'rate(fuzzprof_execs_total['
curl -sf "http://127.0.0.1:$p1/metrics" | head -20 >"$here/not-prometheus.txt"
echo "recorded at $at: exporters 127.0.0.1:$p1 (live s1), 127.0.0.1:$p2 (finished campaign)"
