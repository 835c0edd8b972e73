"""Background jobs of intake (kasane.core.jobs): telling people of urgent つなぎ nobody has
acknowledged in time."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kasane.core.jobs import job
from kasane.intake.models import Referral, ReferralStatus, Urgency
from kasane.intake.selectors import overdue_cutoff
from kasane.notices import rules as notices

# How far back the job looks: an urgent referral overdue for longer was told of when it fell
# due (each is told once); the window only keeps the scan short if the worker was stopped.
OVERDUE_WINDOW = dt.timedelta(days=14)


@job(
    "intake.urgent_referrals_overdue",
    every=dt.timedelta(minutes=5),
    label="受理の期限を過ぎた緊急のつなぎのお知らせ",
)
def urgent_referrals_overdue(now: dt.datetime) -> str:
    """Urgent referrals still 送付済 past their due time (the inbox's 期限切れ): the receiving
    organisation's case staff and the coordinators are told, once each (`once_key`). Reads the
    partial index of unacknowledged referrals (`referral_unacknowledged`)."""
    cutoff = overdue_cutoff(timezone.localdate(now))
    referrals = Referral.objects.filter(
        status=ReferralStatus.SENT,
        urgency=Urgency.URGENT,
        sent_at__lt=cutoff,
        sent_at__gte=cutoff - OVERDUE_WINDOW,
    ).select_related("receiver_organization")
    written = 0
    for referral in referrals.order_by("sent_at", "pk"):
        with transaction.atomic():
            written += notices.urgent_referral_overdue(referral=referral)
    return f"緊急のつなぎの期限切れ：お知らせ{written}件"
