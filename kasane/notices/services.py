"""The only writers of notices and of what leaves Kasane.

`notify` is called by the rules (`rules.py`) inside the transaction of the change that causes
the notice; `chat` writes the outbox rows the worker sends after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.core.errors import DomainError
from kasane.notices.kinds import (
    CHAT_KINDS,
    CHAT_TEXT,
    REQUIRED_BY_DEFAULT,
    URGENT_KINDS,
    Kind,
    Mode,
    TargetType,
)
from kasane.notices.models import (
    Channel,
    ChatWebhook,
    Delivery,
    KindSetting,
    Notice,
    NoticePreference,
)
from kasane.organizations.models import Organization


def required_kinds() -> frozenset[str]:
    """The kinds users may not turn off: the urgent ones always, others as the admin says."""
    settings_by_kind = dict(KindSetting.objects.values_list("kind", "required"))
    chosen = {
        kind for kind in Kind.values if settings_by_kind.get(kind, kind in REQUIRED_BY_DEFAULT)
    }
    return frozenset(chosen | set(URGENT_KINDS))


def _silenced(kind: str, user_ids: set[int]) -> set[int]:
    """Those of the users who turned this kind off (when they may)."""
    if kind in required_kinds():
        return set()
    return set(
        NoticePreference.objects.filter(user_id__in=user_ids, kind=kind, mode=Mode.OFF).values_list(
            "user_id", flat=True
        )
    )


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    text: str,
    target: tuple[str, int] | None = None,
    actor: User | None = None,
    once_key: str = "",
) -> int:
    """Write one notice per recipient, in the caller's transaction. Inactive users and the
    actor (nobody is told of what they did themselves) are left out, as are users who turned
    the kind off; with `once_key`, a recipient who already had that notice gets none. Returns
    how many were written (or attempted, where `once_key` may skip some)."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notice kind: {kind}")
    if target is not None and target[0] not in TargetType.values:
        raise ValueError(f"unknown notice target: {target[0]}")
    people = {user.pk: user for user in recipients if user.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    ids = set(people) - _silenced(kind, set(people))
    if not ids:
        return 0
    now = timezone.now()
    Notice.objects.bulk_create(
        [
            Notice(
                recipient_id=user_id,
                kind=kind,
                text=text,
                target_type=target[0] if target else "",
                target_id=target[1] if target else None,
                actor=actor,
                created_at=now,
                once_key=once_key,
            )
            for user_id in sorted(ids)
        ],
        ignore_conflicts=bool(once_key),
    )
    return len(ids)


def absolute_url(path: str) -> str:
    return settings.KASANE_BASE_URL.rstrip("/") + path


def chat_text(*, kind: str, organization: Organization, path: str) -> str:
    """The whole of a chat message: the kind, the organisation and a link. Nothing else."""
    return f"【Kasane】{CHAT_TEXT[Kind(kind)]}（{organization.name}）\n{absolute_url(path)}"


def chat(*, kind: str, organization: Organization, path: str, once_key: str = "") -> int:
    """Queue the chat message of an urgent matter for each active webhook of the organisation
    that carries this kind. The rows are written in the caller's transaction and sent by the
    worker after commit, so a rolled-back change sends nothing and a slow chat never holds up
    the user."""
    if kind not in CHAT_KINDS:
        raise ValueError(f"{kind} is not sent to chat")
    hooks = [
        hook
        for hook in ChatWebhook.objects.filter(organization=organization, is_active=True)
        if kind in hook.kinds
    ]
    text = chat_text(kind=kind, organization=organization, path=path)
    Delivery.objects.bulk_create(
        [
            Delivery(
                channel=Channel.CHAT,
                webhook=hook,
                kind=kind,
                text=text,
                once_key=f"{once_key}:{hook.pk}" if once_key else "",
            )
            for hook in hooks
        ],
        ignore_conflicts=bool(once_key),
    )
    return len(hooks)


@transaction.atomic
def notice_read(*, actor: User, notice: Notice) -> None:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])


@transaction.atomic
def notices_read_all(*, actor: User) -> int:
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notice_preferences_save(*, actor: User, modes: dict[str, str]) -> dict[str, list[str]]:
    """Store how the user hears of each kind. A kind the user may not turn off cannot be set
    to 「通知しない」; the changes are audited (kinds and modes only)."""
    required = required_kinds()
    for kind, mode in modes.items():
        if kind not in Kind.values or mode not in Mode.values:
            raise ValueError(f"unknown notice preference: {kind}={mode}")
        if mode == Mode.OFF and kind in required:
            raise DomainError(f"「{Kind(kind).label}」は止められません。")
    stored = dict(NoticePreference.objects.filter(user=actor).values_list("kind", "mode"))
    changes = {
        kind: [stored.get(kind, Mode.APP), mode]
        for kind, mode in modes.items()
        if stored.get(kind, Mode.APP) != mode
    }
    for kind in changes:
        NoticePreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"mode": modes[kind]}
        )
    if changes:
        audit_record(actor=actor, action="notice.preferences", target=actor, details=changes)
    return changes
