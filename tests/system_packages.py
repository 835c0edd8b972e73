"""Tests that need system packages — Chromium for the browser tests, Pango and a Japanese font
for the PDF tests (marked `pdf`) — are skipped where those are missing, never failed, and the
run ends with a red line that says so and what to install. `make test` installs them when it
may (bin/system-packages). With KASANE_REQUIRE_SYSTEM=1 (or the older KASANE_REQUIRE_BROWSER=1),
as CI sets, a missing package fails the tests instead."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

from kasane.core import pdf

REQUIRE_VARIABLES = ("KASANE_REQUIRE_SYSTEM", "KASANE_REQUIRE_BROWSER")
BROWSER_MISSING = "Chromium not found"
PDF_MISSING = "Japanese PDF printing unavailable"
INSTALL = {
    BROWSER_MISSING: "apt-get install -y chromium",
    PDF_MISSING: pdf.SYSTEM_PACKAGES,
}


def system_required() -> bool:
    return any(os.environ.get(name) == "1" for name in REQUIRE_VARIABLES)


def skip_or_fail(message: str) -> NoReturn:
    if system_required():
        pytest.fail(f"{message} (KASANE_REQUIRE_SYSTEM=1)")
    pytest.skip(message)


def require_pdf() -> None:
    """Skip (or fail, in CI) unless WeasyPrint can print Japanese on this machine."""
    problem = pdf.unavailability()
    if problem is not None:
        skip_or_fail(f"{PDF_MISSING}: {problem.reason}")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("pdf") is not None:
        require_pdf()


def report_skipped(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly which tests did not run for want of a system package."""
    skipped = terminalreporter.stats.get("skipped", [])
    for missing, install in INSTALL.items():
        count = sum(1 for report in skipped if missing in str(report.longrepr))
        if count:
            what = "BROWSER" if missing == BROWSER_MISSING else "PDF"
            terminalreporter.write_sep("!", f"{what} TESTS SKIPPED ({count}): {missing}", red=True)
            terminalreporter.write_line(
                f"Install with `{install}` (or run `make test` as root); "
                "CI sets KASANE_REQUIRE_SYSTEM=1."
            )
