#!/usr/bin/env bash
# Runs every test of fuzzprof: installs the system packages the tests drive (strace, perf,
# AFL++, gcc, ...), builds the reference targets, then runs the Maven build with all tests.
#   scripts/test.sh          all tests (what CI runs): about 13 minutes on 2 CPUs
#   scripts/test.sh --fast   the fixture tests only (JUnit tag "live" excluded): no campaign,
#                            no perf or strace, about half a minute
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = "--fast" ]; then
  shift
  cd "$here"
  exec mvn -B -Dstyle.color=never verify -DexcludedGroups=live "$@"
fi
"$here/scripts/install-deps.sh"
if [ -f "$here/targets/Makefile" ]; then
  make -s -C "$here/targets" >/dev/null
  if command -v afl-clang-fast >/dev/null 2>&1; then
    make -s -C "$here/targets" afl >/dev/null 2>&1 || echo "test: AFL++ targets did not build; AFL tests will be skipped" >&2
  fi
  make -s -C "$here/targets" libfuzzer >/dev/null 2>&1 || echo "test: the libFuzzer target did not build; libFuzzer tests will be skipped" >&2
fi
cd "$here"
exec mvn -B -Dstyle.color=never verify "$@"
