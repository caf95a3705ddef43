"""Small statistics for the benchmark figures: median, p95 and the spread of a list of milliseconds."""

from __future__ import annotations

import math
import statistics


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default), q in [0, 100]."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(position), math.ceil(position)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (position - lo)


def summary(values: list[float], digits: int = 1) -> dict:
    """n, median, p95, min, max and the interquartile range: the spread the report shows."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "median": round(statistics.median(values), digits),
        "p95": round(percentile(values, 95), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "iqr": round(percentile(values, 75) - percentile(values, 25), digits),
    }


def ratio(a: float, b: float) -> float | None:
    if not b or a != a or b != b:
        return None
    return round(a / b, 2)
