"""The rule tables of meetings by kind (DOMAIN.md §4), apart from the services that enforce
them so that forms, views and selectors read them without importing the writers.

A 支援会議 shares information and decides roles; a 重層的支援会議 approves plans and endings; a
チーム会議 is the coordination team's screening; other registered bodies share and decide
roles. Only a 支援会議 takes an outreach target with no case (its people have not consented):
it shares, divides the visits (役割分担) and sets the next contact date, never a case's
decisions."""

from __future__ import annotations

from kasane.meetings.models import SHARES_WITHOUT_CONSENT, DecisionKind, MeetingKind, Purpose

K = MeetingKind
PURPOSES: dict[str, tuple[str, ...]] = {
    K.SUPPORT: (Purpose.SHARE,),
    K.JUSOU: (Purpose.PLAN, Purpose.REPLAN, Purpose.CLOSE, Purpose.SUSPEND, Purpose.SHARE),
    K.TEAM: (Purpose.SCREENING, Purpose.SHARE),
    K.OTHER: (Purpose.SHARE,),
}
DECISIONS: dict[str, tuple[str, ...]] = {
    K.SUPPORT: (DecisionKind.ROLE,),
    K.JUSOU: (
        DecisionKind.PLAN_APPROVED,
        DecisionKind.ROLE,
        DecisionKind.MONITORING,
        DecisionKind.CLOSED,
        DecisionKind.SUSPENDED,
    ),
    K.TEAM: (DecisionKind.SCREENING, DecisionKind.ROLE),
    K.OTHER: (DecisionKind.ROLE,),
}


# What a 支援会議 decides on an outreach target: who visits, and when next.
TARGET_DECISIONS: tuple[str, ...] = (DecisionKind.ROLE, DecisionKind.NEXT_CONTACT)


def takes_targets(kind: str) -> bool:
    """Whether a meeting of this kind may put an outreach target with no case on its agenda:
    only one that shares without consent (a 支援会議, law 106-6)."""
    return kind in SHARES_WITHOUT_CONSENT


def purposes_for(kind: str) -> tuple[str, ...]:
    """The purposes an agenda item may have at a meeting of this kind."""
    return PURPOSES[MeetingKind(kind)]


def purpose_choices(kind: str) -> list[tuple[str, str]]:
    """The allowed purposes with their labels, for a form's choices."""
    return [(purpose, Purpose(purpose).label) for purpose in purposes_for(kind)]


def decisions_for(kind: str, *, target: bool = False) -> tuple[str, ...]:
    """The decisions a meeting of this kind may record on a case item, or (`target`) on an
    outreach target's item."""
    if target:
        return TARGET_DECISIONS if takes_targets(kind) else ()
    return DECISIONS[MeetingKind(kind)]
