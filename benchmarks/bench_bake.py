"""Benchmark: bake and unbake of a generated 5 MB PNG and 1 MB SVG.

Prints per-operation medians, peak traced memory (tracemalloc, measured in a separate
run so tracing does not distort the timings) and a linearity table across input sizes.
Run: ``python benchmarks/bench_bake.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import struct
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openbadge_kit.bake import bake, unbake

ROOT = Path(__file__).resolve().parents[1]
CREDENTIAL_FILE = ROOT / "tests" / "vectors" / "bench-credential-unsigned.json"
MB = 1024 * 1024


def _chunk(ctype: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def make_png(size: int, seed: int = 0) -> bytes:
    """A valid RGB PNG of about ``size`` bytes (noise, so it does not compress)."""
    rng = random.Random(seed)
    width = 1024
    row = 1 + 3 * width
    height = max(1, size // row)
    raw = b"".join(b"\x00" + rng.randbytes(3 * width) for _ in range(height))
    idat = zlib.compress(raw, 1)
    chunks = [_chunk(b"IDAT", idat[i:i + 65536]) for i in range(0, len(idat), 65536)]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"tEXt", b"Software\x00bench_bake") + b"".join(chunks)
            + _chunk(b"IEND", b""))


def make_svg(size: int, seed: int = 0) -> bytes:
    """A well-formed SVG of about ``size`` bytes (many shapes)."""
    rng = random.Random(seed)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">\n']
    total = len(parts[0])
    while total < size:
        x, y, r = rng.randint(0, 999), rng.randint(0, 999), rng.randint(1, 50)
        colour = rng.randrange(1 << 24)
        shape = (f'  <g class="c{r}"><circle cx="{x}" cy="{y}" r="{r}" fill="#{colour:06x}"/>'
                 f'<path d="M{x},{y} L{y},{x} Q{r},{x} {y},{r} Z"/></g>\n')
        parts.append(shape)
        total += len(shape)
    parts.append("</svg>\n")
    return "".join(parts).encode()


def samples_seconds(func: Callable[[], Any], repeat: int) -> list[float]:
    func()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples


def median_seconds(func: Callable[[], Any], repeat: int) -> float:
    return statistics.median(samples_seconds(func, repeat))


def peak_bytes(func: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per item")
    parser.add_argument("--quick", action="store_true",
                        help="3 runs per item and three sizes in the linearity table")
    args = parser.parse_args(argv)
    factors = (0.25, 0.5, 1.0) if args.quick else (0.125, 0.25, 0.5, 1.0, 2.0)
    if args.quick:
        args.repeat = 3
    credential = json.loads(CREDENTIAL_FILE.read_text())
    png5 = make_png(5 * MB)
    svg1 = make_svg(1 * MB)
    baked_png, baked_svg = bake(png5, credential), bake(svg1, credential)

    with tempfile.TemporaryDirectory() as tmp:
        png_path = Path(tmp) / "baked.png"
        png_path.write_bytes(baked_png)
        items: list[tuple[str, int, Callable[[], Any]]] = [
            ("bake png (bytes)", len(png5), lambda: bake(png5, credential)),
            ("unbake png (bytes)", len(baked_png), lambda: unbake(baked_png)),
            ("unbake png (path)", len(baked_png), lambda: unbake(png_path)),
            ("bake svg (bytes)", len(svg1), lambda: bake(svg1, credential)),
            ("unbake svg (bytes)", len(baked_svg), lambda: unbake(baked_svg)),
        ]
        print(f"bake/unbake medians over {args.repeat} runs; peak = tracemalloc peak of one run")
        print("(best = fastest run: on a busy machine the median can include preemption)")
        print(f"{'item':<22}{'input MB':>10}{'median ms':>11}{'best ms':>9}{'MB/s':>8}"
              f"{'peak MiB':>10}{'peak/input':>12}")
        for name, size, func in items:
            samples = samples_seconds(func, args.repeat)
            seconds = statistics.median(samples)
            peak = peak_bytes(func)
            print(f"{name:<22}{size / MB:>10.2f}{seconds * 1e3:>11.2f}{min(samples) * 1e3:>9.2f}"
                  f"{size / MB / seconds:>8.0f}{peak / MB:>10.2f}{peak / size:>12.2f}")

    print("\nlinearity: median ms per MB across sizes (flat = linear)")
    print(f"{'item':<14}" + "".join(f"{f'{f:g}x':>10}" for f in factors) + f"{'max/min':>10}")
    for name, maker, base in (("bake png", make_png, 4 * MB), ("unbake png", make_png, 4 * MB),
                              ("bake svg", make_svg, 1 * MB), ("unbake svg", make_svg, 1 * MB)):
        per_mb = []
        for factor in factors:
            image = maker(int(base * factor))
            if name.startswith("unbake"):
                image = bake(image, credential)
                seconds = median_seconds(lambda image=image: unbake(image), args.repeat)
            else:
                seconds = median_seconds(lambda image=image: bake(image, credential), args.repeat)
            per_mb.append(seconds * 1e3 / (len(image) / MB))
        print(f"{name:<14}" + "".join(f"{v:>10.2f}" for v in per_mb)
              + f"{max(per_mb) / min(per_mb):>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
