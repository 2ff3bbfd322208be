#!/usr/bin/env python3
"""Writes a large strace trace by repeating the whole cases of a real sample trace.

Usage: make-big-trace.py SAMPLE OUT MEGABYTES

The sample's lines are repeated in order with timestamps shifted forward each round, so the
result has the same shape (pid column, -ttt, -T, signal lines) as the real capture, only longer.
"""
import re
import sys

sample, out, megabytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(sample, "rb").read().splitlines(keepends=True)
stamp = re.compile(rb"^(\d+\s+)?(\d{9,10})\.(\d{6}) ")
first = last = None
for line in lines:
    m = stamp.match(line)
    if m:
        t = int(m.group(2)) * 1_000_000 + int(m.group(3))
        first = t if first is None else first
        last = t
span = (last - first + 1000) if first is not None else 0
target = megabytes * 1024 * 1024
written = 0
round_no = 0
with open(out, "wb", buffering=1 << 22) as f:
    while written < target:
        shift = round_no * span
        chunk = []
        for line in lines:
            m = stamp.match(line) if shift else None
            if m:
                t = int(m.group(2)) * 1_000_000 + int(m.group(3)) + shift
                line = (m.group(1) or b"") + b"%d.%06d " % divmod(t, 1_000_000) + line[m.end():]
            chunk.append(line)
        data = b"".join(chunk)
        f.write(data)
        written += len(data)
        round_no += 1
