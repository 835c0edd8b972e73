"""Applying a form's values to a record, and the [before, after] pairs the audit row keeps."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _plain(value: Any) -> Any:
    """A value as the audit trail's JSON keeps it: related records as their text, dates and
    times in ISO 8601."""
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def apply_changes(obj: Any, names: tuple[str, ...], values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set each named field present in `values` that differs, and return {field: [before,
    after]} (related records as their text) for the audit trail."""
    changes = {}
    for name in names:
        if name in values and getattr(obj, name) != values[name]:
            changes[name] = [_plain(getattr(obj, name)), _plain(values[name])]
            setattr(obj, name, values[name])
    return changes
