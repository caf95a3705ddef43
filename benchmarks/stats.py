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


def load_summary(results: dict, sessions: int, duration_s: float, stagger_s: float, think_s: tuple, wall_s: float,
                 actions: tuple[str, ...] = ("navigate", "area", "year")) -> dict:
    """The figures every load run reports: its shape, errors, and latency overall and per kind of action.
    `results` holds "actions" as (kind, milliseconds) pairs, "errors" and "sessions_done"."""
    latencies = [ms for _, ms in results["actions"]]
    stats = summary(latencies)
    return {
        "sessions": sessions,
        "duration_s": duration_s,
        "stagger_s": stagger_s,
        "think_time_s": list(think_s),
        "wall_s": round(wall_s, 1),
        "sessions_completed": results["sessions_done"],
        "actions": len(latencies),
        "errors": len(results["errors"]),
        "error_samples": results["errors"][:10],
        "p50_ms": stats.get("median"),
        "p95_ms": stats.get("p95"),
        "latency_ms": stats,
        "latency_by_action_ms": {name: summary([ms for a, ms in results["actions"] if a == name]) for name in actions},
    }
