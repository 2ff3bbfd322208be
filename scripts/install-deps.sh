#!/usr/bin/env bash
# Installs what fuzzprof's build and tests need on Debian 12, and nothing when it is all there.
# Java 17 and Maven build fuzzprof; strace, perf and AFL++ are the tools it drives; gcc builds the
# reference targets the tests run; tmux and chromium let tests look at what a person would see.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have java || need+=(openjdk-17-jdk-headless)
have mvn || need+=(maven)
have gcc || need+=(gcc)
have make || need+=(make)
have strace || need+=(strace)
have perf || need+=(linux-perf)
have afl-fuzz || need+=(afl++)
have clang || need+=(clang)
have tmux || need+=(tmux)
have chromium || need+=(chromium)
have pidstat || need+=(sysstat)
# bench/parse-throughput.sh times fuzzprof against mawk counting syscall names
have mawk || need+=(mawk)
# GNU time: the benches, and the attach test that checks fuzzprof's own CPU figure against it
[ -x /usr/bin/time ] || need+=(time)
# clang's libFuzzer runtime (-fsanitize=fuzzer): only a Recommends of clang, so not there with it
[ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || need+=(libclang-rt-14-dev)
# the exporter tests start a real Prometheus and check rules and metrics with its promtool
have prometheus && have promtool || need+=(prometheus)
# the libjpeg harness of the live AFL++ tests (targets/afl_libjpeg.c links -ljpeg)
[ -e /usr/include/jpeglib.h ] || need+=(libjpeg62-turbo-dev)
# perf finds its tracepoints (signal_generate, sched_process_fork, raw_syscalls) in tracefs:
# a fresh container or VM often has it unmounted, and then perf counts nothing.
if [ ! -e /sys/kernel/tracing/events ] && [ ! -e /sys/kernel/debug/tracing/events ]; then
  if [ "$(id -u)" -eq 0 ]; then
    mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null \
      || echo "install-deps: could not mount tracefs on /sys/kernel/tracing: perf will count no tracepoints" >&2
  else
    echo "install-deps: tracefs is not mounted; as root: mount -t tracefs nodev /sys/kernel/tracing" >&2
  fi
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${need[*]}; run as root: apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
