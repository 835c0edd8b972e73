"""Consent recorded at intake becomes the person's consent, recorded once (issue 13 point 2).

A consultation or つなぐシート that says 同意あり about a registered person offers that person's
consent form, filled in from it (one confirmation: the user checks the scope and saves); one
that says 同意なし records the refusal on the person in the same transaction
(`services.consultation_create`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.intake.models import Consultation, ConsultationConsent, Referral, ReferralConsent
from kasane.people.consent import ConsentOffer, consent_offer
from kasane.people.models import ConsentMethod

GIVEN = (ConsultationConsent.WRITTEN, ConsultationConsent.ORAL)


def consultation_consent_offer(user: User, consultation: Consultation) -> ConsentOffer | None:
    """After a consultation about a registered person that records 同意あり: its date and
    method, and as scope the receiving organisation, where it was passed on, and the
    重層的支援会議."""
    person = consultation.person
    if person is None or consultation.consent not in GIVEN:
        return None
    organizations = {consultation.organization_id}
    organizations |= set(
        consultation.referrals_sent.values_list("receiver_organization_id", flat=True)
    )
    return consent_offer(
        user,
        person,
        source="相談受付",
        given_on=timezone.localtime(consultation.received_at).date(),
        method=str(consultation.consent),
        organizations=organizations,
        back=reverse("consultations:detail", args=[consultation.pk]),
    )


def referral_consent_offer(user: User, referral: Referral) -> ConsentOffer | None:
    """After a つなぎ that says 同意あり is linked to a person: the day it was sent, oral (a
    sheet does not say how; the user corrects it), and as scope the sender, the receiver and
    the 重層的支援会議."""
    person = referral.person
    if person is None or referral.consent != ReferralConsent.AGREED:
        return None
    return consent_offer(
        user,
        person,
        source="つなぎ",
        given_on=timezone.localtime(referral.sent_at).date(),
        method=ConsentMethod.ORAL,
        organizations={referral.sender_organization_id, referral.receiver_organization_id},
        back=reverse("referrals:detail", args=[referral.pk]),
    )
