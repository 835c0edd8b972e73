from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from kasane.accounts.models import User, UserSession


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


def active_sessions(user: User) -> QuerySet[UserSession]:
    """The user's sessions that the session store still holds unexpired, latest used first."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=live)
