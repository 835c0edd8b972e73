"""Applying a form's values to a record, and the [before, after] pairs the audit row keeps."""

from __future__ import annotations

from typing import Any


def _plain(value: Any) -> Any:
    return str(value) if hasattr(value, "pk") else value


def apply_changes(obj: Any, names: tuple[str, ...], values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set each named field present in `values` that differs, and return {field: [before,
    after]} (related records as their text) for the audit trail."""
    changes = {}
    for name in names:
        if name in values and getattr(obj, name) != values[name]:
            changes[name] = [_plain(getattr(obj, name)), _plain(values[name])]
            setattr(obj, name, values[name])
    return changes
