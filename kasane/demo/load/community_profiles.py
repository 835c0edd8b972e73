"""Loads デモ市's area profiles and statistics (issue 17): the statistics through the CSV
import's own service (the file is the import's format), the profiles through `profile_save`
(audited), then dated as written. Idempotent: a 圏域 that has a profile is left as it is, and
importing the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from kasane.accounts.models import User
from kasane.community.figures_import import figures_import, read_table
from kasane.community.models import AreaProfile
from kasane.community.profile_services import profile_save, profile_version
from kasane.demo.city import community_profiles as facts
from kasane.organizations.models import Area


def load_community_profiles() -> None:
    _load_statistics()
    for name, versions in facts.PROFILES.items():
        area = Area.objects.get(name=name)
        if AreaProfile.objects.filter(area=area).exists():
            continue
        for written_on, username, strengths, issues, vision, agreed_on, agreed_at in versions:
            current = AreaProfile.objects.filter(area=area).order_by("-written_at", "-pk").first()
            profile = profile_save(
                actor=User.objects.get(username=username),
                area=area,
                loaded_at=profile_version(current),
                strengths=strengths,
                issues=issues,
                vision=vision,
                vision_agreed_on=agreed_on,
                vision_agreed_at=agreed_at,
            )
            assert profile is not None  # the demo's versions differ
            written_at = dt.datetime.combine(
                written_on, dt.time(15, 0), tzinfo=ZoneInfo(settings.TIME_ZONE)
            )
            AreaProfile.objects.filter(pk=profile.pk).update(written_at=written_at)


def _load_statistics() -> None:
    path = facts.STATISTICS_CSV
    table = read_table(path.name, path.read_bytes())
    result = figures_import(
        actor=User.objects.get(username=facts.STATISTICS_LOADER), table=table, filename=path.name
    )
    if result.errors:  # the demo's own file: a programming error
        raise ValueError(f"{path.name}: {result.errors[0]}")
