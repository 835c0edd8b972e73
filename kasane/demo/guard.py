"""The one rule every demo loader and generator obeys: fictitious data never goes into a
production database, where demo users with a known password or invented residents would mix
with real ones."""

from __future__ import annotations

from django.conf import settings


class DemoRefused(Exception):
    """Raised instead of writing demo or generated data when KASANE_ENV=production."""


def refuse_in_production(*, action: str) -> None:
    """Raise DemoRefused in production; `action` says in Japanese what was refused
    (e.g. "デモデータを投入")."""
    if settings.PRODUCTION:
        raise DemoRefused(f"KASANE_ENV=production では{action}できません。")
