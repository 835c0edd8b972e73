"""What rests on a person's consent, in the apps built on people (DOMAIN.md §5: when consent is
withdrawn, access that rested on it ends). People cannot name those apps, so each registers what
a withdrawal ends with `@on_withdrawal`; `consent_withdraw` runs every effect inside its own
transaction, after the withdrawal is saved, so that all of it commits or none does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kasane.accounts.models import User
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
