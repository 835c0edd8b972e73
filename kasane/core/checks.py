"""System checks: what `manage.py check` (and every runserver and migrate) says about the
machine Kasane runs on."""

from __future__ import annotations

from typing import Any

from django.core import checks

from kasane.core import pdf


@checks.register()
def printing_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn, not fail: without a Japanese font Kasane still serves every page, and only the
    print buttons answer 503 — but an operator should hear of it before a user does."""
    problem = pdf.unavailability()
    if problem is None:
        return []
    return [
        checks.Warning(
            f"PDF printouts are disabled: {problem.reason}. Print buttons answer 503.",
            hint="Install: " + "; ".join(problem.commands) + " (or set KASANE_PDF_FONT).",
            id="kasane.W001",
        )
    ]
