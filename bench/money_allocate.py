"""Benchmark: money.allocate against the obvious hand-written split.

Prints rows per second for both and their ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from decimal import ROUND_HALF_UP, Decimal

from spendrules.money import allocate


def naive(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Round each share to cents and let the last part absorb the difference."""
    whole = sum(weights)
    parts = [(total * w / whole).quantize(Decimal("0.01"), ROUND_HALF_UP) for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    rows = parser.parse_args().rows
    rng = random.Random(2026)
    data = [
        (
            Decimal(rng.randint(1, 10**8)).scaleb(-2),
            [rng.randint(1, 9) for _ in range(rng.randint(1, 6))],
        )
        for _ in range(rows)
    ]
    start = time.perf_counter()
    for total, weights in data:
        allocate(total, weights, "USD")
    ours = rows / (time.perf_counter() - start)
    start = time.perf_counter()
    for total, weights in data:
        naive(total, weights)
    theirs = rows / (time.perf_counter() - start)
    print(f"python {platform.python_version()}, {rows} splits of 1 to 6 parts")
    print(f"spendrules.money.allocate: {ours:12,.0f} rows/s")
    print(f"naive round-and-absorb:    {theirs:12,.0f} rows/s")
    print(f"ratio spendrules/naive:    {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
