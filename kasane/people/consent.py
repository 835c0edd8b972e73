"""What rests on a person's consent, in the apps built on people (DOMAIN.md §5: when consent is
withdrawn, access that rested on it ends). People cannot name those apps, so each registers what
a withdrawal ends with `@on_withdrawal`; `consent_withdraw` runs every effect inside its own
transaction, after the withdrawal is saved, so that all of it commits or none does.

Consent is recorded once, on the person: a consultation, つなぐシート or plan that says consent
was given offers the person's consent form filled in from it (`consent_offer_url`), and a
refusal for lack of consent (`ConsentMissing`) links to that form (`consent_record_links`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from kasane import access
from kasane.access import AnyUser
from kasane.accounts.models import User
from kasane.core.errors import DomainError
from kasane.people.models import Person

WithdrawalEffect = Callable[[User, Person, dt.date], None]

_effects: list[WithdrawalEffect] = []


def on_withdrawal(effect: WithdrawalEffect) -> WithdrawalEffect:
    """Register `effect(actor, person, withdrawn_on)` to run when a consent is withdrawn."""
    if effect not in _effects:
        _effects.append(effect)
    return effect


def withdrawal_effects(*, actor: User, person: Person, withdrawn_on: dt.date) -> None:
    for effect in _effects:
        effect(actor, person, withdrawn_on)


# --- Recording consent where another record says it was given ---------------------------------


class ConsentMissing(DomainError):
    """A refusal for lack of consent: pages add a link to where each person's consent is
    recorded (`consent_record_links`)."""

    def __init__(self, message: str, people: list[Person]) -> None:
        super().__init__(message)
        self.people = people


def consent_offer_url(
    person: Person,
    *,
    given_on: dt.date | None,
    method: str = "",
    organizations: Iterable[int] = (),
    all_organizations: bool = False,
    jusou: bool = True,
    source: str = "",
    back: str = "",
) -> str:
    """The person's consent form, filled in from a record that says consent was given (a
    consultation, a つなぐシート, a plan): its date and method, and as scope the organisations
    that record names and the 重層的支援会議 — the user confirms or edits it before saving."""
    params: list[tuple[str, str]] = [("source", source), ("back", back)]
    if given_on is not None:
        params.append(("given_on", given_on.isoformat()))
    if method:
        params.append(("method", method))
    params += [("organizations", str(pk)) for pk in sorted(set(organizations))]
    if all_organizations:
        params.append(("all_organizations", "1"))
    if jusou:
        params.append(("covers_jusou_meeting", "1"))
    query = urlencode([(key, value) for key, value in params if value])
    return f"{reverse('people:consent_create', args=[person.pk])}?{query}"


@dataclass(frozen=True)
class ConsentOffer:
    """Where to go next (the person's consent form, filled in) and what to tell the user; no
    url when the user may not record it (then the message says who does)."""

    message: str
    url: str = ""


def consent_offer(
    user: AnyUser,
    person: Person,
    *,
    source: str,
    given_on: dt.date | None,
    method: str,
    organizations: Iterable[int],
    back: str,
) -> ConsentOffer | None:
    """After `source` (相談受付, つなぎ, 支援プラン) recorded that the person consented: None when a
    consent is on record already, else the offer to record it on the person."""
    if person.consents.filter(withdrawn_on__isnull=True).exists():
        return None
    if not access.may_change_registered(user, person.organization_id):
        return ConsentOffer(
            f"{source}で同意ありと記録しました。{person.full_name}さんの同意は、"
            f"本人を登録した{person.organization.name}が本人の画面で記録します。"
        )
    url = consent_offer_url(
        person,
        given_on=given_on,
        method=method,
        organizations=organizations,
        source=source,
        back=back,
    )
    return ConsentOffer(
        f"{source}で同意ありと記録しました。{person.full_name}さんの同意として、"
        "範囲を確かめて記録してください。",
        url,
    )


def consent_record_links(user: AnyUser, error: ConsentMissing) -> SafeString:
    """What to do about a refusal for lack of consent: for each person, a link to the form
    where their consent is recorded (or, for a user who may not record it, who does)."""
    parts = []
    for person in error.people:
        if access.may_change_registered(user, person.organization_id):
            parts.append(
                format_html(
                    '<a href="{}">{}さんの同意を記録する</a>',
                    reverse("people:consent_create", args=[person.pk]),
                    person.full_name,
                )
            )
        else:
            parts.append(
                format_html(
                    "{}さんの同意は、本人を登録した{}が記録します。",
                    person.full_name,
                    person.organization.name,
                )
            )
    return format_html("同意の記録：{}", format_html_join("、", "{}", ((part,) for part in parts)))
