from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these users are locked out by repeated login failures right now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )
