"""The load driver's arithmetic, settings and report (bench/report.py, bench/config.py): pure
functions, tested without Locust, a server or a database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.config import MIX, Config, ConfigError, chosen_pages, config_from
from bench.report import (
    PageResult,
    Sample,
    as_json,
    error_of,
    in_window,
    markdown,
    mix_shares,
    percentile,
    ratio,
    summarize,
)

ROOT = Path(__file__).resolve().parents[2]


def _samples(*times: float, errors: int = 0) -> list[Sample]:
    ok = [Sample("page", float(i), ms) for i, ms in enumerate(times)]
    return ok + [Sample("page", 100.0 + i, 1.0, "HTTP 500") for i in range(errors)]


def test_the_report_modules_do_not_bring_in_gevent() -> None:
    """Only bench.run imports Locust, whose import patches the whole process with gevent."""
    code = (
        "import sys, bench.config, bench.report; "
        "print(sorted({'gevent', 'locust'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([], 50) is None
    assert percentile([7.0], 95) == 7.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile(list(map(float, range(1, 101))), 95) == pytest.approx(95.05)
    assert percentile([5.0, 1.0, 3.0], 0) == 1.0
    assert percentile([5.0, 1.0, 3.0], 100) == 5.0


def test_errors_are_failed_statuses_and_the_login_redirect() -> None:
    assert error_of(200) is None
    assert error_of(302, "/cases/1/") is None
    assert error_of(302, "/login/?next=/cases/") == "ログイン画面へ転送"
    assert error_of(404) == "HTTP 404"
    assert error_of(500) == "HTTP 500"
    assert error_of(0) == "接続エラー"


def test_summary_takes_percentiles_of_successes_and_rate_of_all() -> None:
    summary = summarize(_samples(10.0, 20.0, 30.0, errors=1), seconds=2.0)
    assert summary.requests == 4
    assert summary.errors == 1
    assert summary.rate == 2.0
    assert summary.p50 == 20.0
    assert summary.reasons == {"HTTP 500": 1}


def test_summary_of_nothing() -> None:
    summary = summarize([], seconds=0)
    assert (summary.requests, summary.rate, summary.p50, summary.p95) == (0, 0.0, None, None)


def test_the_window_counts_what_was_answered_in_it() -> None:
    samples = _samples(1.0, 2.0, 3.0, 4.0)  # started at 0, 1, 2, 3
    assert [s.started for s in in_window(samples, 1.0, 3.0)] == [1.0, 2.0]
    late = Sample("audit", 0.5, 4000.0)  # sent in the warm-up, answered at 4.5 s
    assert in_window([late], 1.0, 6.0) == [late]
    assert in_window([late], 1.0, 4.0) == []


def test_mix_shares_scale_to_the_groups_present() -> None:
    assert mix_shares(MIX, set(MIX)) == pytest.approx(MIX)
    assert mix_shares(MIX, {"home", "audit"}) == pytest.approx({"home": 0.75, "audit": 0.25})
    assert mix_shares(MIX, set()) == {}


def test_ratio_to_healthz() -> None:
    assert ratio(20.0, 2.0) == 10.0
    assert ratio(None, 2.0) is None
    assert ratio(20.0, None) is None


def test_config_defaults_and_variables() -> None:
    assert config_from({}) == Config()
    config = config_from(
        {
            "BENCH_SECONDS": "5",
            "BENCH_REQUESTS": "10",
            "BENCH_PAGES": "case, home_houkatsu",
            "BENCH_PHASES": "one,mix",
        }
    )
    assert (config.seconds, config.mix_seconds, config.requests) == (5.0, 5.0, 10)
    assert config.pages == ("case", "home_houkatsu")
    assert config.phases == ("one", "mix")


@pytest.mark.parametrize(
    "env",
    [{"BENCH_RATE": "many"}, {"BENCH_CONCURRENCY": "0"}, {"BENCH_PHASES": "one,soak"}],
)
def test_config_refuses_what_it_cannot_use(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        config_from(env)


def test_sessions_a_user_needs() -> None:
    assert Config().slots == 20
    assert config_from({"BENCH_PHASES": "one"}).slots == 1
    assert config_from({"BENCH_PHASES": "saturation", "BENCH_CONCURRENCY": "3"}).slots == 3


def test_chosen_pages_keep_healthz_and_refuse_unknown_names() -> None:
    pages = [{"name": name} for name in ("healthz", "home_houkatsu", "case")]
    assert chosen_pages(pages, ()) == pages
    assert [p["name"] for p in chosen_pages(pages, ("case",))] == ["healthz", "case"]
    with pytest.raises(ConfigError, match="nope"):
        chosen_pages(pages, ("nope",))


def _results() -> list[PageResult]:
    healthz = PageResult("healthz", "", "/healthz", one_client=summarize(_samples(2.0), 1.0))
    case = PageResult(
        "case",
        "houkatsu",
        "/cases/1/",
        one_client=summarize(_samples(40.0, 60.0), 1.0),
        fixed_rate=summarize(_samples(50.0, 70.0, errors=1), 1.0),
    )
    return [healthz, case]


def test_the_markdown_report_has_a_row_a_page_and_the_facts() -> None:
    mix_total = summarize(_samples(30.0), 1.0)
    text = markdown(
        title="Kasane bench",
        facts={"cores (nproc)": 2},
        results=_results(),
        rate=20,
        concurrency=8,
        mix=(mix_total, {"home": mix_total}, {"home": 1.0}),
    )
    assert "- cores (nproc): 2" in text
    assert "| case | houkatsu | 50.0 | 59.0 | 25.0× | 3.0 | 60.0 | 69.0 | – | 1 |" in text
    assert "| healthz | – | 2.0 | 2.0 | 1.0× |" in text
    assert "| **all** | 100% | 1 | 1.0 | 30.0 | 30.0 | 0 |" in text
    assert "- case: HTTP 500: 1" in text


def test_a_report_without_errors_says_so() -> None:
    text = markdown(title="t", facts={}, results=_results()[:1], rate=20, concurrency=8, mix=None)
    assert "- なし none" in text
    assert "混在負荷" not in text


def test_the_json_report_keeps_every_number() -> None:
    data = json.loads(as_json(facts={"date": "x"}, results=_results(), mix=None))
    assert data["pages"][1]["fixed_rate"]["errors"] == 1
    assert data["pages"][1]["one_client"]["p50"] == 50.0
    assert data["mix"] is None
