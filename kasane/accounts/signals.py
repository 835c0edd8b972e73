"""Login, logout, failed logins and lockouts go into the audit trail; logins and logouts also
keep the list of a user's signed-in sessions (`UserSession`).

Django and django-axes announce these through signals; there is no service to call instead.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kasane.accounts import services
from kasane.audit.services import audit_standalone
from kasane.core.http import client_ip


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_standalone(actor=user, action="auth.login", target=user)
    session = getattr(request, "session", None) if request is not None else None
    if session is not None and session.session_key:
        services.session_started(
            user=user,
            session_key=session.session_key,
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
        )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_standalone(actor=user, action="auth.logout", target=user)
    session = getattr(request, "session", None) if request is not None else None
    if session is not None and session.session_key:
        services.session_ended(session.session_key)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    audit_standalone(
        actor=None,
        action="auth.login_failed",
        actor_username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    audit_standalone(actor=None, action="auth.locked_out", actor_username=(username or "")[:150])
