"""Fictitious consultations for デモ市: a year of ordinary 相談受付 at every consultation window,
so that lists, filters and counts have something real to show.

Everything is drawn from one seeded `random.Random` over the city as it stands (windows, staff
and generated people in pk order), so a seed and a moment give the same consultations.

What is drawn, and why:
- Windows are the organisations with 包括的相談支援事業 that have staff who record
  consultations (a window without such staff could not have received one); each gets at least
  one consultation, busier fields more. Topics, issues and the people linked follow the
  window's fields (a 地域包括 hears about 介護 from older people).
- Every route appears. Times are business hours, almost always on business days, within the
  `days` before `now`.
- A consultation is linked only to a generated person (created_by None) registered by the
  receiving organisation, never to a restricted one; the rest are anonymous.
- Consultations passed on (他機関へ, 多機関協働へ) get their referral, as `consultation_create`
  would send it, already answered: 受理 within a business day, then 対応中 and, after a month,
  完了. So no generated referral waits for 受理 and none is overdue, and no generated urgent
  consultation waits for 確認: what waits on the home pages is the named demo story.

This is bulk data, not a user's action: created_by stays None and no audit rows are written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.core.errors import DomainError
from kasane.core.japanese import add_business_days, is_business_day
from kasane.demo.guard import refuse_in_production
from kasane.intake.areas import fill_consultation_areas
from kasane.intake.models import (
    Consultation,
    ConsultationConsent,
    ConsultationIssue,
    ConsulterRelation,
    IssueCode,
    Outcome,
    Referral,
    ReferralConsent,
    ReferralEvent,
    ReferralKind,
    ReferralOutcome,
    ReferralStatus,
    Route,
    Urgency,
    UrgentSign,
)
from kasane.intake.services import coordination_organization
from kasane.organizations.models import Field, Organization, Program
from kasane.people.models import HouseholdMember, Person

# Per field of the window: "主訴 / main issue, other issues that may come with it".
TOPIC_TEXT = {
    Field.ELDERLY: """
物忘れが増え、一人暮らしを続けられるか不安がある。 / 介護 病気や健康 社会的孤立
夫の介護で疲れてしまい、夜も眠れない。 / 介護 家族との関係 メンタルヘルス
介護保険の申請の仕方を知りたい。 / 介護 病気や健康
足腰が弱って外出が減った。体操教室に通いたい。 / 介護予防 社会的孤立
近所の一人暮らしの高齢者を最近見かけない。 / 社会的孤立 地域との関係 介護
年金だけでは介護サービスの費用が払えない。 / 経済的困窮 介護 収入・生活費
同居の息子に怒鳴られることがあると本人が話した。 / DV・虐待 家族との関係
退院後の生活が不安。自宅の段差が心配。 / 病気や健康 住まい 介護
""",
    Field.CHILDREN: """
子どもの夜泣きが続き、育児に自信がない。 / 子育て メンタルヘルス
ひとり親で仕事と育児の両立が難しい。 / ひとり親 子育て 収入・生活費
中学生の子が半年ほど学校に行っていない。 / ひきこもり・不登校 教育 家族との関係
保育園から、子どもの腕にあざがあったと連絡。 / DV・虐待 子育て
給食費や学用品の支払いが苦しい。 / 経済的困窮 子育て 教育
親の介護と子育てが重なり、手が回らない。 / 子育て 介護 家族との関係
日本語での手続きが難しく、子どもの予防接種の案内が読めない。 / 外国籍 子育て
""",
    Field.DISABILITY: """
障害福祉サービスの使い方を知りたい。 / 障害
一般就労を目指したいが、何から始めればよいかわからない。 / 仕事探し・就職 障害
親が高齢になり、将来の住まいが心配。 / 住まい 障害 家族との関係
気分の落ち込みが続き、仕事を休みがち。 / メンタルヘルス 仕事上の不安やトラブル
人と話すのが苦手で、相談先がわからなかった。 / コミュニケーションが苦手 社会的孤立
障害者手帳の更新手続きについて聞きたい。 / 障害
""",
    Field.POVERTY: """
仕事を失い、家賃が払えなくなりそうだ。 / 家賃やローン 仕事探し・就職 収入・生活費
カードローンの返済が重なり、生活費が足りない。 / 債務 家計管理の課題 経済的困窮
今日食べるものがない。 / 食べるものがない 経済的困窮
税金と国民健康保険料の滞納がある。 / 税金・公共料金 収入・生活費 家計管理の課題
出所後の住まいと仕事を探している。 / 刑余者 住まい 仕事探し・就職
""",
    Field.EMPLOYMENT: """
長く働いていないが、少しずつ働きたい。 / 仕事探し・就職 ひきこもり・不登校 社会的孤立
職場の人間関係がつらく、辞めたい。 / 仕事上の不安やトラブル メンタルヘルス
""",
    Field.OTHER: """
どこに相談すればよいかわからない。家族のことで困っている。 / 家族との関係 その他
40代の息子が長年ひきこもっていて、親も高齢になった。 / ひきこもり・不登校 家族との関係 介護
近所の家からごみがあふれて異臭がする。 / 地域との関係 社会的孤立 住まい
親の介護と自分の借金と子どものことが重なっている。 / 経済的困窮 介護 債務 子育て
災害のとき一人で避難できるか不安。 / 防災・防犯 社会的孤立
""",
}


Topic = tuple[str, str, tuple[str, ...]]  # 主訴, main issue, other issues


def _topics(text: str) -> tuple[Topic, ...]:
    """Each line "主訴 / main issue, other issues" as a Topic."""
    topics = []
    for line in text.strip().splitlines():
        summary, issues = line.split(" / ")
        main, *extras = issues.split()
        topics.append((summary.strip(), main, tuple(extras)))
    return tuple(topics)


TOPICS = {field: _topics(text) for field, text in TOPIC_TEXT.items()}

# How busy a window of each field is, and the ages of the people its consultations are about.
FIELD_WEIGHTS = {
    Field.ELDERLY: 3.0,
    Field.POVERTY: 2.5,
    Field.CHILDREN: 2.0,
    Field.DISABILITY: 1.5,
    Field.EMPLOYMENT: 1.5,
}
FIELD_AGES = {
    Field.ELDERLY: (65, 200),
    Field.CHILDREN: (0, 49),
    Field.DISABILITY: (18, 64),
    Field.POVERTY: (18, 64),
    Field.EMPLOYMENT: (18, 64),
}

# Which field's agencies a consultation with these issues is passed on to.
RECEIVING_FIELDS = {
    Field.ELDERLY: ("介護", "介護予防"),
    Field.CHILDREN: ("子育て", "ひとり親", "教育"),
    Field.DISABILITY: ("障害", "メンタルヘルス", "コミュニケーションが苦手"),
    Field.POVERTY: (
        "収入・生活費",
        "家賃やローン",
        "債務",
        "食べるものがない",
        "経済的困窮",
        "家計管理の課題",
        "税金・公共料金",
        "刑余者",
    ),
    Field.EMPLOYMENT: ("仕事探し・就職", "仕事上の不安やトラブル"),
}
ISSUE_FIELDS = {name: field for field, names in RECEIVING_FIELDS.items() for name in names}

ROUTE_WEIGHTS = {
    Route.PHONE: 35,
    Route.VISIT: 25,
    Route.HOME_VISIT: 10,
    Route.AGENCY: 10,
    Route.RESIDENT: 6,
    Route.MAIL: 5,
    Route.SHEET: 4,
    Route.OTHER: 5,
}
R = ConsulterRelation
RELATIONS_BY_ROUTE = {
    Route.VISIT: {R.SELF: 60, R.FAMILY: 30, R.NEIGHBOUR: 5, R.WELFARE_VOLUNTEER: 5},
    Route.PHONE: {R.SELF: 45, R.FAMILY: 35, R.NEIGHBOUR: 10, R.WELFARE_VOLUNTEER: 5, R.AGENCY: 5},
    Route.HOME_VISIT: {R.SELF: 70, R.FAMILY: 30},
    Route.MAIL: {R.SELF: 70, R.FAMILY: 30},
    Route.SHEET: {R.AGENCY: 100},
    Route.AGENCY: {R.AGENCY: 100},
    Route.RESIDENT: {R.NEIGHBOUR: 60, R.WELFARE_VOLUNTEER: 40},
    Route.OTHER: {R.OTHER: 50, R.SELF: 25, R.FAMILY: 25},
}
FAMILY_LABELS = ("妻", "夫", "長男", "長女", "次女", "母", "父", "姉", "兄", "弟")
AGENCIES = (
    "ケアマネジャー",
    "デモ市民病院 医療ソーシャルワーカー",
    "デモ市立東小学校",
    "デモ警察署 生活安全課",
    "ハローワークデモ",
    "訪問看護ステーション",
    "保育園",
)
SHEET_SENDERS = ("税務課", "上下水道局", "住宅課", "国保年金課")
ANONYMOUS = {Route.PHONE: "匿名の電話", Route.VISIT: "匿名（来所）", Route.MAIL: "匿名のメール"}
OUTCOME_WEIGHTS = {
    Outcome.HANDLED: 55,
    Outcome.INFORMATION: 28,
    Outcome.TO_AGENCY: 11,
    Outcome.TO_COORDINATION: 6,
}
OUTCOME_NOTES = {
    Outcome.HANDLED: ("継続して相談に乗る。次回の面談を予約した。", "訪問して様子を確認した。"),
    Outcome.INFORMATION: ("制度と窓口を案内して終了。", "パンフレットを渡して終了。"),
    Outcome.TO_COORDINATION: ("課題が重なっており、多機関協働での検討を依頼した。",),
}
URGENCY_WEIGHTS = {Urgency.NORMAL: 88, Urgency.SOON: 9, Urgency.URGENT: 3}
LINKED_CONSENT = {
    ConsultationConsent.WRITTEN: 25,
    ConsultationConsent.ORAL: 45,
    ConsultationConsent.REFUSED: 10,
    ConsultationConsent.UNKNOWN: 20,
}
ANONYMOUS_CONSENT = {ConsultationConsent.ORAL: 30, ConsultationConsent.UNKNOWN: 70}
# Looked up by a consultation's stored consent (a plain str).
REFERRAL_CONSENT: dict[str, ReferralConsent] = {
    ConsultationConsent.WRITTEN: ReferralConsent.AGREED,
    ConsultationConsent.ORAL: ReferralConsent.AGREED,
    ConsultationConsent.REFUSED: ReferralConsent.NOT_AGREED,
}
REFERRAL_OUTCOMES = {
    ReferralOutcome.SUPPORT_STARTED: 50,
    ReferralOutcome.INFORMATION: 20,
    ReferralOutcome.TO_OTHER_AGENCY: 10,
    ReferralOutcome.REFUSED: 10,
    ReferralOutcome.UNREACHABLE: 10,
}
# A generated referral is 対応中 after a week and 完了 after a month.
IN_PROGRESS_AFTER = dt.timedelta(days=7)
COMPLETED_AFTER = dt.timedelta(days=30)
OPEN_FROM, OPEN_MINUTES = dt.time(8, 30), 8 * 60 + 45  # 8:30–17:15


@dataclass(frozen=True)
class Subject:
    """A generated person a consultation may be about."""

    pk: int
    household_id: int | None
    full_name: str
    full_kana: str
    family_name: str
    birth_date: dt.date | None
    contact: str


@dataclass(frozen=True)
class Window:
    organization: Organization
    workers: list[User]
    topics: tuple[Topic, ...]
    people: list[Subject]
    weight: float


@dataclass(frozen=True)
class City:
    windows: list[Window]
    issues: dict[str, IssueCode]
    coordination: Organization | None
    staff: dict[int, list[User]]  # who may receive and answer a referral, by organisation
    organizations: dict[int, Organization]
    acknowledger: User | None  # who confirms urgent consultations


K = TypeVar("K")


def _weighted(rng: random.Random, weights: Mapping[K, float]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _covering(rng: random.Random, items: list[Any], weights: list[float], count: int) -> list[Any]:
    """`count` weighted draws in which every item appears at least once (when count allows)."""
    drawn = list(items) if count >= len(items) else []
    drawn += rng.choices(items, weights=weights, k=count - len(drawn))
    rng.shuffle(drawn)
    return drawn


# --- The city as it stands --------------------------------------------------------------------


def recording_staff() -> dict[int, list[User]]:
    """Active users who may record a consultation, by organisation."""
    users = (
        User.objects.filter(is_active=True, role_assignments__role__in=access.CASE_STAFF_ROLES)
        .distinct()
        .order_by("pk")
        .prefetch_related("role_assignments")
    )
    staff: dict[int, list[User]] = {}
    for user in users:
        staff.setdefault(user.organization_id, []).append(user)
    return staff


def consultation_windows() -> list[Organization]:
    """The consultation windows that have staff to record consultations, in pk order."""
    staff = recording_staff()
    return [
        organization
        for organization in Organization.objects.filter(is_active=True).order_by("pk")
        if Program.CONSULTATION in organization.programs and organization.pk in staff
    ]


def _age(birth_date: dt.date | None, today: dt.date) -> int | None:
    if birth_date is None:
        return None
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def _subjects(organization_ids: list[int]) -> dict[int, list[Subject]]:
    """Generated people who may be linked, by the organisation that registered them."""
    households = dict(
        HouseholdMember.objects.filter(
            person__organization_id__in=organization_ids,
            person__created_by__isnull=True,
            household__organization_id=F("person__organization_id"),
            left_on__isnull=True,
        ).values_list("person_id", "household_id")
    )
    people = Person.objects.filter(
        organization_id__in=organization_ids,
        created_by__isnull=True,
        is_restricted=False,
        died_on__isnull=True,
        moved_out_on__isnull=True,
    ).order_by("pk")
    subjects: dict[int, list[Subject]] = {}
    for person in people:
        subjects.setdefault(person.organization_id, []).append(
            Subject(
                pk=person.pk,
                household_id=households.get(person.pk),
                full_name=person.full_name,
                full_kana=person.full_kana,
                family_name=person.family_name,
                birth_date=person.birth_date,
                contact=person.phone or person.address,
            )
        )
    return subjects


def _fitting(organization: Organization, people: list[Subject], today: dt.date) -> list[Subject]:
    """The people of the ages this window works with (all of them if none fits)."""
    ranges = [FIELD_AGES[f] for f in organization.fields if f in FIELD_AGES]
    fitting = [
        person
        for person in people
        if (age := _age(person.birth_date, today)) is not None
        and any(low <= age <= high for low, high in ranges)
    ]
    return fitting or people


def _window(
    organization: Organization, workers: list[User], people: list[Subject], today: dt.date
) -> Window:
    fields = [f for f in organization.fields if f in TOPICS] or [Field.OTHER]
    return Window(
        organization=organization,
        workers=workers,
        topics=tuple(itertools.chain.from_iterable(TOPICS[f] for f in fields)),
        people=_fitting(organization, people, today),
        weight=max(FIELD_WEIGHTS.get(f, 1.0) for f in fields),
    )


def _city(today: dt.date) -> City:
    staff = recording_staff()
    windows = consultation_windows()
    subjects = _subjects([w.pk for w in windows])
    try:
        coordination = coordination_organization()
    except DomainError:
        coordination = None
    coordinators = [u for users in staff.values() for u in users if Role.COORDINATOR in u.roles]
    return City(
        windows=[_window(w, staff[w.pk], subjects.get(w.pk, []), today) for w in windows],
        issues={code.name: code for code in IssueCode.objects.filter(is_active=True)},
        coordination=coordination,
        staff=staff,
        organizations=Organization.objects.in_bulk(list(staff)),
        acknowledger=coordinators[0] if coordinators else None,
    )


# --- Drawing ----------------------------------------------------------------------------------


@dataclass
class Draft:
    consultation: Consultation
    issues: list[IssueCode]  # the main one first
    subject: Subject | None
    pass_to: Organization | None


class ConsultationFactory:
    """Draws consultations (and the referrals of those passed on) from one seeded random
    generator. Reads nothing from the database: `City` holds what it needs."""

    def __init__(self, city: City, *, seed: int, days: int, now: dt.datetime) -> None:
        self.city = city
        self.rng = random.Random(seed)
        self.days = days
        self.now = now
        self.today = timezone.localdate(now)

    def drafts(self, count: int) -> list[Draft]:
        windows = self.city.windows
        chosen = _covering(self.rng, list(range(len(windows))), [w.weight for w in windows], count)
        routes = _covering(self.rng, list(ROUTE_WEIGHTS), list(ROUTE_WEIGHTS.values()), count)
        return [self.draft(windows[i], route) for i, route in zip(chosen, routes, strict=True)]

    def draft(self, window: Window, route: Route) -> Draft:
        rng = self.rng
        received_at = self.received_at()
        relation = _weighted(rng, RELATIONS_BY_ROUTE[route])
        subject = self.subject(window, route)
        summary, main, extras = rng.choice(window.topics)
        issues = self.issues(main, extras)
        urgency = _weighted(rng, URGENCY_WEIGHTS)
        outcome, pass_to = self.outcome(window, issues)
        worker = rng.choice(window.workers)
        consultation = Consultation(
            organization=window.organization,
            worker=worker,
            received_at=received_at,
            route=route,
            consulter_relation=relation,
            consulter_name=self.consulter_name(route, relation, subject),
            person_id=subject.pk if subject else None,
            household_id=subject.household_id if subject else None,
            summary=summary,
            urgency=urgency,
            urgent_signs=[rng.choice(UrgentSign.values)] if urgency == Urgency.URGENT else [],
            is_urgent=urgency == Urgency.URGENT,
            consent=ConsultationConsent.ORAL
            if outcome == Outcome.TO_AGENCY  # passed to another agency only with consent
            else _weighted(rng, LINKED_CONSENT if subject else ANONYMOUS_CONSENT),
            outcome=outcome,
            outcome_note=self.outcome_note(outcome, pass_to),
            created_by=None,
        )
        if consultation.is_urgent:
            # Generated urgent consultations were confirmed within the hour.
            consultation.acknowledged_at = received_at + dt.timedelta(minutes=rng.randint(5, 60))
            consultation.acknowledged_by = self.city.acknowledger or worker
        return Draft(consultation, issues, subject, pass_to)

    def received_at(self) -> dt.datetime:
        """Business hours of a day within `days` before today, almost always a business day."""
        while True:
            day = self.today - dt.timedelta(days=self.rng.randrange(1, self.days))
            if is_business_day(day) or self.rng.random() < 0.05:
                break
        start = dt.datetime.combine(day, OPEN_FROM)
        return timezone.make_aware(start + dt.timedelta(minutes=self.rng.randrange(OPEN_MINUTES)))

    def subject(self, window: Window, route: Route) -> Subject | None:
        """A home visit is to someone known; other consultations are often anonymous."""
        linked = self.rng.random() < (0.9 if route == Route.HOME_VISIT else 0.5)
        return self.rng.choice(window.people) if linked and window.people else None

    def consulter_name(self, route: Route, relation: str, subject: Subject | None) -> str:
        rng = self.rng
        if relation == R.SELF:
            return subject.full_name if subject else ANONYMOUS.get(route, "匿名")
        if relation == R.FAMILY:
            label = rng.choice(FAMILY_LABELS)
            return f"{subject.family_name}（{label}）" if subject else f"{label}（匿名）"
        if route == Route.SHEET:
            return rng.choice(SHEET_SENDERS)
        if relation == R.AGENCY:
            return rng.choice(AGENCIES)
        if relation == R.WELFARE_VOLUNTEER:
            return "民生委員"
        if relation == R.NEIGHBOUR:
            return rng.choice(("近隣住民", "知人", "近所の方（匿名）"))
        return ""

    def issues(self, main: str, extras: tuple[str, ...]) -> list[IssueCode]:
        """1–3 issues, the main one first; names an admin has retired are left out."""
        count = min(len(extras), self.rng.choice((0, 1, 1, 2)))
        names = [main, *self.rng.sample(extras, k=count)]
        codes = [self.city.issues[name] for name in names if name in self.city.issues]
        fallback = self.city.issues.get("その他")
        return codes or ([fallback] if fallback else [])

    def outcome(
        self, window: Window, issues: list[IssueCode]
    ) -> tuple[Outcome, Organization | None]:
        """The outcome and whom it passes the consultation to. Nobody passes to themselves:
        the coordination window handles what it would pass to coordination."""
        outcome = _weighted(self.rng, OUTCOME_WEIGHTS)
        coordination = self.city.coordination
        if outcome == Outcome.TO_COORDINATION:
            if coordination is None or coordination.pk == window.organization.pk:
                return Outcome.HANDLED, None
            return outcome, coordination
        if outcome == Outcome.TO_AGENCY:
            agency = self.agency(window, issues)
            return (outcome, agency) if agency else (Outcome.HANDLED, None)
        return outcome, None

    def agency(self, window: Window, issues: list[IssueCode]) -> Organization | None:
        """Another organisation with staff to answer, of a field the issues call for if any."""
        coordination = self.city.coordination
        agencies = [
            organization
            for pk, organization in sorted(self.city.organizations.items())
            if pk != window.organization.pk and (coordination is None or pk != coordination.pk)
        ]
        wanted = {ISSUE_FIELDS[code.name] for code in issues if code.name in ISSUE_FIELDS}
        fitting = [a for a in agencies if wanted.intersection(a.fields)]
        return self.rng.choice(fitting or agencies) if agencies else None

    def outcome_note(self, outcome: Outcome, pass_to: Organization | None) -> str:
        if outcome == Outcome.TO_AGENCY and pass_to is not None:
            return f"{pass_to.name}につないだ。"
        return self.rng.choice(OUTCOME_NOTES[outcome])

    # Referrals of consultations passed on

    def referral(
        self, draft: Draft, receiver: Organization
    ) -> tuple[Referral, list[ReferralEvent]]:
        """The referral `consultation_create` sends, already answered (see the module text)."""
        rng, consultation, subject = self.rng, draft.consultation, draft.subject
        coordination = consultation.outcome == Outcome.TO_COORDINATION
        acknowledger = rng.choice(self.city.staff[receiver.pk])
        sent_at = self._until_now(consultation.received_at, minutes=rng.randint(10, 120))
        acknowledged_at = self._at_or_before_now(
            dt.datetime.combine(add_business_days(timezone.localdate(sent_at), 1), dt.time(9, 0)),
            minutes=rng.randrange(180),
            earliest=sent_at,
        )
        referral = Referral(
            kind=ReferralKind.COORDINATION if coordination else ReferralKind.AGENCY,
            sender_organization=consultation.organization,
            sender=consultation.worker,
            receiver_organization=receiver,
            reason=f"{consultation.summary}\n\n{consultation.outcome_note}",
            consent=REFERRAL_CONSENT.get(consultation.consent, ReferralConsent.UNCONFIRMED),
            urgency=consultation.urgency,
            source_consultation=consultation,
            # Only coordination may see another organisation's people.
            person_id=subject.pk if subject and coordination else None,
            status=ReferralStatus.ACCEPTED,
            sent_at=sent_at,
            acknowledged_at=acknowledged_at,
            acknowledged_by=acknowledger,
            **self.subject_fields(consultation, subject),
        )
        events = [
            ReferralEvent(kind=ReferralEvent.Kind.SENT, at=sent_at, actor=consultation.worker),
            ReferralEvent(kind=ReferralEvent.Kind.ACCEPTED, at=acknowledged_at, actor=acknowledger),
        ]
        if referral.person_id:
            events.append(
                ReferralEvent(
                    kind=ReferralEvent.Kind.PERSON_LINKED,
                    at=self._until_now(acknowledged_at, minutes=10),
                    actor=acknowledger,
                    note=subject.full_name if subject else "",
                )
            )
        events += self.later_steps(referral, acknowledger, acknowledged_at)
        return referral, events

    def later_steps(
        self, referral: Referral, actor: User, acknowledged_at: dt.datetime
    ) -> list[ReferralEvent]:
        """対応中 after a week, 完了 with an outcome after a month."""
        age = self.now - referral.sent_at
        if age < IN_PROGRESS_AFTER:
            return []
        started = self._until_now(acknowledged_at, minutes=self.rng.randint(60, 4320))
        referral.status = ReferralStatus.IN_PROGRESS
        events = [ReferralEvent(kind=ReferralEvent.Kind.IN_PROGRESS, at=started, actor=actor)]
        if age >= COMPLETED_AFTER:
            closed = self._until_now(started, minutes=self.rng.randint(5, 25) * 1440)
            referral.status = ReferralStatus.COMPLETED
            referral.outcome = _weighted(self.rng, REFERRAL_OUTCOMES)
            referral.closed_at = closed
            events.append(ReferralEvent(kind=ReferralEvent.Kind.COMPLETED, at=closed, actor=actor))
        return events

    @staticmethod
    def subject_fields(consultation: Consultation, subject: Subject | None) -> dict[str, Any]:
        if subject is None:
            return {"subject_name": consultation.consulter_name or "（氏名不明）"}
        return {
            "subject_name": subject.full_name,
            "subject_kana": subject.full_kana,
            "subject_birth_date": subject.birth_date,
            "subject_contact": subject.contact,
        }

    def _until_now(self, start: dt.datetime, *, minutes: int) -> dt.datetime:
        """`minutes` after `start`, but not after the moment of generating."""
        return min(start + dt.timedelta(minutes=minutes), self.now)

    def _at_or_before_now(
        self, local: dt.datetime, *, minutes: int, earliest: dt.datetime
    ) -> dt.datetime:
        at = timezone.make_aware(local + dt.timedelta(minutes=minutes))
        return max(min(at, self.now), earliest)


# --- Entry point ------------------------------------------------------------------------------


def generate_consultations(
    count: int, *, seed: int, days: int = 365, now: dt.datetime | None = None
) -> int:
    """Insert `count` fictitious consultations received over the `days` before `now` (see the
    module text for what is drawn). Refused in production, like the demo city. Returns the
    number inserted: none when the city has no consultation window with staff."""
    refuse_in_production(action="架空の相談受付を生成")
    if days < 2:
        raise ValueError("days must be at least 2")
    now = now or timezone.now()
    city = _city(timezone.localdate(now))
    if count <= 0 or not city.windows:
        return 0
    factory = ConsultationFactory(city, seed=seed, days=days, now=now)
    drafts = factory.drafts(count)
    with transaction.atomic():
        _write(factory, drafts)
    return len(drafts)


def _write(factory: ConsultationFactory, drafts: list[Draft]) -> None:
    written = Consultation.objects.bulk_create([d.consultation for d in drafts], batch_size=500)
    # Placed like any consultation (kasane.intake.areas), in one UPDATE of the new rows.
    if written:
        fill_consultation_areas(
            Consultation.objects.filter(pk__gte=min(c.pk for c in written), created_by=None)
        )
    ConsultationIssue.objects.bulk_create(
        [
            ConsultationIssue(consultation=d.consultation, code=code, is_main=i == 0)
            for d in drafts
            for i, code in enumerate(d.issues)
        ],
        batch_size=1000,
    )
    passed_on = [factory.referral(d, d.pass_to) for d in drafts if d.pass_to is not None]
    Referral.objects.bulk_create([referral for referral, _ in passed_on], batch_size=500)
    for referral, events in passed_on:
        for event in events:
            event.referral = referral
    ReferralEvent.objects.bulk_create(
        [event for _, events in passed_on for event in events], batch_size=1000
    )
