"""Figures of a run: requests, throughput and p50/p95/p99 per request kind, errors, CPU."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from chiso.loadtest.client import Hit, Sent
from chiso.loadtest.server import CpuUse
from chiso.loadtest.verify import Verification

KIND_ORDER = (
    "login page",
    "login",
    "home page",
    "form page",
    "save answer",
    "upload evidence",
    "submit page",
    "submit",
)


@dataclass(frozen=True, slots=True)
class KindFigures:
    kind: str
    count: int
    errors: int
    p50: float  # milliseconds
    p95: float
    p99: float
    slowest: float


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds (inclusive method: a value that was actually seen or
    between two that were)."""
    if len(seconds) == 1:
        return (seconds[0] * 1000,) * 3
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def by_kind(hits: list[Hit]) -> list[KindFigures]:
    groups: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        groups[hit.kind].append(hit)
    order = [k for k in KIND_ORDER if k in groups] + sorted(set(groups) - set(KIND_ORDER))
    figures = []
    for kind in [*order, "all"]:
        group = hits if kind == "all" else groups[kind]
        times = [h.seconds for h in group]
        p50, p95, p99 = percentiles(times)
        errors = sum(1 for h in group if h.error)
        figures.append(KindFigures(kind, len(group), errors, p50, p95, p99, max(times) * 1000))
    return figures


def by_minute(hits: list[Hit]) -> list[tuple[int, int, float]]:
    """(minute from the start, requests started in it, their p95 in ms)."""
    start = min(h.started for h in hits)
    minutes: dict[int, list[float]] = defaultdict(list)
    for hit in hits:
        minutes[int((hit.started - start) // 60)].append(hit.seconds)
    return [(m, len(times), percentiles(times)[1]) for m, times in sorted(minutes.items())]


def text(
    *,
    title: str,
    hits: list[Hit],
    sent: list[Sent],
    cpu: CpuUse,
    verification: Verification,
) -> str:
    """The report ``make loadtest`` prints (Markdown tables, as in docs/loadtest.md)."""
    span = max(h.started + h.seconds for h in hits) - min(h.started for h in hits)
    failed = [s for s in sent if s.errors]
    lines = [
        f"## {title}",
        "",
        f"- users: {len(sent)}, finished their form: {len(sent) - len(failed)}, "
        f"gave up on an error: {len(failed)}",
        f"- requests: {len(hits)} in {span:,.0f} s = {len(hits) / span:,.1f} requests/s; "
        f"errors: {sum(1 for h in hits if h.error)}",
        "",
        "| request | count | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for f in by_kind(hits):
        name = f"**{f.kind}**" if f.kind == "all" else f.kind
        lines.append(
            f"| {name} | {f.count} | {f.errors} | {f.p50:,.0f} | {f.p95:,.0f} | {f.p99:,.0f} "
            f"| {f.slowest:,.0f} |"
        )
    lines += [
        "",
        "p95 of all requests by minute (minute: requests, p95 ms): "
        + "; ".join(f"{m}: {n}, {p95:,.0f}" for m, n, p95 in by_minute(hits)),
        "",
        f"CPU over {cpu.wall:,.0f} s (1.00 = one core busy):",
        "",
        "| processes | CPU seconds | average cores | busiest second |",
        "|---|---:|---:|---:|",
    ]
    for group in ("gunicorn", "postgres", "machine"):
        seconds = cpu.seconds.get(group, 0.0)
        average = seconds / cpu.wall if cpu.wall else 0.0
        lines.append(
            f"| {group} | {seconds:,.1f} | {average:.2f} | {cpu.peak.get(group, 0.0):.2f} |"
        )
    v = verification
    lines += [
        "",
        "Check after the run (what the clients had accepted vs the database and the storage):",
        "",
        f"- answers: sent {v.answers_sent}, stored {v.answers_stored}; SHA-256 "
        f"{v.answers_checksum_sent[:16]}… vs {v.answers_checksum_stored[:16]}…",
        f"- evidence files: sent {v.files_sent}, stored with the same SHA-256 {v.files_stored}",
        f"- submitted forms: {v.submitted_sent} sent, {v.submitted_stored} stored as submitted",
        f"- {'everything matches' if v.ok else f'{len(v.problems)} problems'}",
    ]
    lines += [f"  - {p}" for p in v.problems[:20]]
    lines += [f"  - {s.username}: {s.errors[0]}" for s in failed[:20]]
    return "\n".join(lines) + "\n"
