"""The knobs of `make bench`, read from BENCH_* variables (docs/performance.md lists them).
Standard library only, like report.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PHASES = ("one", "rate", "saturation", "mix")
# The office mix of issue 20: which share of requests each group of pages gets.
MIX = {"home": 0.30, "search": 0.20, "case": 0.20, "list": 0.20, "audit": 0.10}


class ConfigError(ValueError):
    """A BENCH_* variable that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Config:
    url: str = "http://127.0.0.1:8100"
    targets: str = "var/bench/targets.json"
    out: str = "var/bench"
    requests: int = 50  # one client: sequential requests a page
    rate: int = 20  # fixed offered rate, requests per second
    seconds: float = 30.0  # fixed-rate phase, per page
    concurrency: int = 8  # saturation and mix: users without wait
    saturation_seconds: float = 10.0
    mix_seconds: float = 30.0
    warmup_seconds: float = 1.0  # left out of every timed phase: users start, workers warm
    pages: tuple[str, ...] = ()  # empty: every page
    phases: tuple[str, ...] = PHASES

    @property
    def slots(self) -> int:
        """How many sessions each demo user needs: one per concurrent simulated user."""
        needed = [1]
        if "rate" in self.phases:
            needed.append(self.rate)
        if "saturation" in self.phases or "mix" in self.phases:
            needed.append(self.concurrency)
        return max(needed)


def _names(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _number(env: Mapping[str, str], name: str, default: float, kind: type) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0")
    return value


def config_from(env: Mapping[str, str]) -> Config:
    """The run's settings from the environment (os.environ in `bench.run`)."""
    seconds = _number(env, "BENCH_SECONDS", Config.seconds, float)
    phases = _names(env.get("BENCH_PHASES", "")) or PHASES
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise ConfigError(f"BENCH_PHASES: unknown {sorted(unknown)}; known: {', '.join(PHASES)}")
    return Config(
        url=env.get("BENCH_URL", "").strip() or Config.url,
        targets=env.get("BENCH_TARGETS", "").strip() or Config.targets,
        out=env.get("BENCH_OUT", "").strip() or Config.out,
        requests=int(_number(env, "BENCH_REQUESTS", Config.requests, int)),
        rate=int(_number(env, "BENCH_RATE", Config.rate, int)),
        seconds=seconds,
        concurrency=int(_number(env, "BENCH_CONCURRENCY", Config.concurrency, int)),
        saturation_seconds=_number(
            env, "BENCH_SATURATION_SECONDS", Config.saturation_seconds, float
        ),
        mix_seconds=_number(env, "BENCH_MIX_SECONDS", seconds, float),
        pages=_names(env.get("BENCH_PAGES", "")),
        phases=phases,
    )


def chosen_pages(pages: list[dict], wanted: tuple[str, ...]) -> list[dict]:
    """The pages named in BENCH_PAGES (all when empty), in the targets' order; healthz always
    stays, since every ratio is taken to it."""
    if not wanted:
        return pages
    known = {page["name"] for page in pages}
    unknown = set(wanted) - known
    if unknown:
        raise ConfigError(
            f"BENCH_PAGES: unknown {sorted(unknown)}; known: {', '.join(sorted(known))}"
        )
    return [page for page in pages if page["name"] in wanted or page["name"] == "healthz"]
