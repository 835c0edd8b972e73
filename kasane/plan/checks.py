"""`manage.py check` (and every start of the server) reads the layout of 国への報告, so that a
city's layout with a wrong line is found when it is installed, not at the year's export."""

from __future__ import annotations

from typing import Any

from django.core import checks

from kasane.plan.report_layout import LayoutError, load_layout


def state_report_layout(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        load_layout()
    except LayoutError as error:
        return [checks.Error(str(error), id="kasane.plan.E001")]
    return []
