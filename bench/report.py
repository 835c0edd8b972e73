"""The arithmetic and the report of `make bench`: percentiles, what counts as an error, and the
Markdown and JSON written to var/bench/. Pure functions on the standard library only, so the
tests import them without Locust's gevent patching the test process."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

LOGIN_PATH = "/login/"


@dataclass(frozen=True)
class Sample:
    """One request: when it started (seconds, any clock), how long it took, and why it failed
    (None when it did not)."""

    name: str
    started: float
    ms: float
    error: str | None = None

    @property
    def ended(self) -> float:
        return self.started + self.ms / 1000


@dataclass(frozen=True)
class Summary:
    """Requests of one phase: how many, how many failed, their pace and their percentiles."""

    requests: int
    errors: int
    seconds: float
    rate: float  # requests per second over `seconds`
    p50: float | None
    p95: float | None
    reasons: dict[str, int] = field(default_factory=dict)


# The mixed load: all its requests, each group's, and the shares the groups were given.
Mix = tuple[Summary, dict[str, Summary], dict[str, float]]


@dataclass
class PageResult:
    name: str
    user: str
    url: str
    one_client: Summary | None = None
    fixed_rate: Summary | None = None
    saturation: Summary | None = None

    @property
    def errors(self) -> int:
        phases = (self.one_client, self.fixed_rate, self.saturation)
        return sum(phase.errors for phase in phases if phase is not None)


def error_of(status: int, location: str | None = None) -> str | None:
    """Why a response counts as an error, or None: anything but 2xx and 3xx, and a redirect to
    the login page (the session was lost: the page was not served)."""
    if status == 0:
        return "接続エラー"
    if not 200 <= status < 400:
        return f"HTTP {status}"
    if 300 <= status < 400 and location and LOGIN_PATH in location:
        return "ログイン画面へ転送"
    return None


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0–100), interpolating between the two nearest ranks (as numpy's
    default and `statistics.quantiles(method="inclusive")`); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(samples: list[Sample], seconds: float) -> Summary:
    """Percentiles over the successful requests only (an error page is fast and would flatter
    them); the rate counts every request, errors included, and the errors are counted apart."""
    times = [sample.ms for sample in samples if sample.error is None]
    reasons = Counter(sample.error for sample in samples if sample.error is not None)
    return Summary(
        requests=len(samples),
        errors=sum(reasons.values()),
        seconds=round(seconds, 3),
        rate=len(samples) / seconds if seconds > 0 else 0.0,
        p50=percentile(times, 50),
        p95=percentile(times, 95),
        reasons=dict(reasons),
    )


def in_window(samples: list[Sample], start: float, end: float) -> list[Sample]:
    """The requests answered within [start, end): what the server delivered in that time. A
    request sent during the warm-up but answered later counts (with its wait in the queue),
    so a page slower than the phase still shows, instead of no requests at all."""
    return [sample for sample in samples if start <= sample.ended < end]


def mix_shares(groups: dict[str, float], present: set[str]) -> dict[str, float]:
    """The office mix's shares for the groups that have pages in this run, scaled to 1."""
    kept = {group: share for group, share in groups.items() if group in present}
    total = sum(kept.values())
    return {group: share / total for group, share in kept.items()} if total else {}


def ratio(value: float | None, base: float | None) -> float | None:
    """How many times /healthz a page takes (the noise of a shared machine cancels out)."""
    if value is None or not base:
        return None
    return value / base


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def _rate(summary: Summary | None) -> str:
    return "–" if summary is None else f"{summary.rate:,.1f}"


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}×"


def page_table(results: list[PageResult], *, rate: int, concurrency: int) -> list[str]:
    """One row a page: one client, fixed offered rate, saturation, errors, ×healthz."""
    healthz = next((r.one_client for r in results if r.name == "healthz"), None)
    base = healthz.p50 if healthz else None
    lines = [
        f"| 画面 page | 利用者 user | 1 client p50 ms | p95 ms | ×healthz "
        f"| {rate} req/s offered: achieved | p50 ms | p95 ms "
        f"| saturation ({concurrency} users) req/s | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        one, fixed = result.one_client, result.fixed_rate
        lines.append(
            f"| {result.name} | {result.user or '–'} "
            f"| {_ms(one.p50 if one else None)} | {_ms(one.p95 if one else None)} "
            f"| {_times(ratio(one.p50 if one else None, base))} "
            f"| {_rate(fixed)} | {_ms(fixed.p50 if fixed else None)} "
            f"| {_ms(fixed.p95 if fixed else None)} "
            f"| {_rate(result.saturation)} | {result.errors} |"
        )
    return lines


def mix_table(total: Summary, groups: dict[str, Summary], shares: dict[str, float]) -> list[str]:
    lines = [
        "| 群 group | share | requests | req/s | p50 ms | p95 ms | errors |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for group, summary in groups.items():
        lines.append(
            f"| {group} | {shares.get(group, 0):.0%} | {summary.requests:,} | {summary.rate:,.1f} "
            f"| {_ms(summary.p50)} | {_ms(summary.p95)} | {summary.errors} |"
        )
    lines.append(
        f"| **all** | 100% | {total.requests:,} | {total.rate:,.1f} | {_ms(total.p50)} "
        f"| {_ms(total.p95)} | {total.errors} |"
    )
    return lines


def facts_lines(facts: dict[str, Any]) -> list[str]:
    """The machine and the run: what a reader needs to compare two reports."""
    return [f"- {key}: {value}" for key, value in facts.items()]


def error_lines(results: list[PageResult], mix: Summary | None) -> list[str]:
    reasons: Counter[str] = Counter()
    for result in results:
        for phase in (result.one_client, result.fixed_rate, result.saturation):
            if phase is not None:
                reasons.update({f"{result.name}: {k}": v for k, v in phase.reasons.items()})
    if mix is not None:
        reasons.update({f"mix: {k}": v for k, v in mix.reasons.items()})
    return [f"- {reason}: {count:,}" for reason, count in sorted(reasons.items())]


def markdown(
    *,
    title: str,
    facts: dict[str, Any],
    results: list[PageResult],
    rate: int,
    concurrency: int,
    mix: Mix | None,
) -> str:
    lines = [f"## {title}", "", *facts_lines(facts), ""]
    if results:
        lines += ["### 画面ごと Per page", ""]
        lines += page_table(results, rate=rate, concurrency=concurrency)
        lines.append("")
    if mix is not None:
        lines += [f"### 混在負荷 Mixed office load ({concurrency} users, no wait)", ""]
        lines += mix_table(*mix)
        lines.append("")
    errors = error_lines(results, mix[0] if mix else None)
    lines += ["### エラー Errors", "", *(errors or ["- なし none"]), ""]
    return "\n".join(lines)


def as_json(
    *,
    facts: dict[str, Any],
    results: list[PageResult],
    mix: Mix | None,
) -> str:
    data: dict[str, Any] = {
        "facts": facts,
        "pages": [asdict(result) for result in results],
        "mix": None
        if mix is None
        else {
            "total": asdict(mix[0]),
            "groups": {group: asdict(summary) for group, summary in mix[1].items()},
            "shares": mix[2],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
