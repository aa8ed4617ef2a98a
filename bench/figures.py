"""Pure helpers of the benchmark: percentiles, summaries of a load step, ratios against the example
bot and whether a target is met, and the side-by-side table. No servers, no clock."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0..1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(latencies: list[float], errors: int, seconds: float, skipped: int = 0) -> dict:
    """Figures of one load step. latencies: seconds of the successful requests; errors: failed
    requests (bad status, empty reply, exception), including `skipped` ones never sent because the
    step ran out of time."""
    seconds = max(seconds, 1e-9)
    return {"requests": len(latencies) + errors, "ok": len(latencies), "errors": errors,
            "skipped": skipped, "seconds": seconds,
            "p50_ms": 1000 * percentile(latencies, 0.50), "p95_ms": 1000 * percentile(latencies, 0.95),
            "p99_ms": 1000 * percentile(latencies, 0.99),
            "replies_per_s": len(latencies) / seconds,
            "throughput_per_s": (len(latencies) + errors - skipped) / seconds}


def ratio(ours: Optional[float], theirs: Optional[float]) -> Optional[float]:
    """ours / theirs, None when either is missing or theirs is 0."""
    if ours is None or theirs is None or theirs == 0:
        return None
    return ours / theirs


@dataclass(frozen=True)
class Target:
    """A target on the ratio (this assistant / example bot), or on this assistant's own value when
    `on_ratio` is False: at_most 0.5 means ratio <= 0.5, at_least 2 means ratio >= 2."""
    at_most: Optional[float] = None
    at_least: Optional[float] = None
    on_ratio: bool = True

    def describe(self) -> str:
        suffix = "×" if self.on_ratio else ""
        if self.at_most == 0 and not self.on_ratio:
            return "0"
        if self.at_most is not None:
            return f"≤ {_number(self.at_most)}{suffix}"
        return f"≥ {_number(self.at_least)}{suffix}"

    def verdict(self, ours: Optional[float], theirs: Optional[float]) -> str:
        value = ratio(ours, theirs) if self.on_ratio else ours
        if value is None:
            return "n/a"
        if self.at_most is not None and value > self.at_most:
            return "missed"
        if self.at_least is not None and value < self.at_least:
            return "missed"
        return "met"


@dataclass(frozen=True)
class Row:
    label: str
    ours: Optional[float]
    theirs: Optional[float]
    unit: Callable[[Optional[float]], str]
    target: Optional[Target] = None
    show_ratio: bool = True


def _number(value: float) -> str:
    return f"{value:g}"


def _or_dash(show: Callable[[float], str]) -> Callable[[Optional[float]], str]:
    """A formatter that writes a dash for a figure that was not measured."""
    return lambda value: "–" if value is None else show(value)


seconds_text = _or_dash(lambda value: f"{value:.1f} s")
megabytes_text = _or_dash(lambda value: f"{value / 1e6:.1f} MB")
per_second_text = _or_dash(lambda value: f"{value:.1f}")
milliseconds_text = _or_dash(lambda value: f"{value:.0f} ms")
count_text = _or_dash(lambda value: f"{int(value)}")
ratio_text = _or_dash(lambda value: f"{value:.2f}×")


def table(rows: list[Row]) -> list[str]:
    """The side-by-side table as Markdown lines (printable as is, and pasted into BENCHMARKS.md)."""
    lines = ["| | this assistant | example bot | ratio | target | |", "|---|---|---|---|---|---|"]
    for row in rows:
        shown_ratio = ratio_text(ratio(row.ours, row.theirs)) if row.show_ratio else ""
        target = row.target.describe() if row.target else ""
        verdict = row.target.verdict(row.ours, row.theirs) if row.target else ""
        if verdict == "missed":
            verdict = "**missed**"
        lines.append(f"| {row.label} | {row.unit(row.ours)} | {row.unit(row.theirs)} | "
                     f"{shown_ratio} | {target} | {verdict} |")
    return lines


def cpu_share(busy_ticks: float, own_ticks: float, wall_seconds: float, ticks_per_second: float) -> dict:
    """Average cores busy during a step, split into the processes measured (servers and this
    benchmark) and everything else on the machine."""
    wall = max(wall_seconds, 1e-9) * ticks_per_second
    return {"all_cores": busy_ticks / wall, "measured_cores": own_ticks / wall,
            "other_cores": max(0.0, busy_ticks - own_ticks) / wall}
