#!/usr/bin/env python3
"""Writes input.bin: a small, deterministic JPEG-shaped byte blob (SOI, APP0,
DQT, SOF0, DHT, SOS + scan bytes, EOI), 471 bytes.  Not a decodable image; it
only has the marker structure the reference targets scan."""
import struct, sys

def seg(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload

state = 2018
def filler(n):
    global state
    out = bytearray()
    for _ in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        b = (state >> 16) & 0xFF
        out.append(0xFE if b == 0xFF else b)   # keep scan data free of markers
    return bytes(out)

blob = b"\xff\xd8"
blob += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
blob += seg(0xDB, b"\x00" + filler(64))
blob += seg(0xC0, b"\x08\x00\x10\x00\x10\x01\x01\x11\x00")
blob += seg(0xC4, b"\x00" + bytes([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]) + bytes(range(12)))
blob += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
blob += filler(471 - len(blob) - 2)
blob += b"\xff\xd9"
assert len(blob) == 471, len(blob)
open(sys.argv[1] if len(sys.argv) > 1 else "input.bin", "wb").write(blob)
