"""Fictitious アウトリーチ対象 and contact attempts for the city-scale bench (issue 15: a list
of 10,000 targets and 200,000 attempts stays paginated and fast) and the scale guard.

Everything is drawn from one `random.Random`, seeded by the seed and the number of targets
already there, so a seed and a database give the same targets, and a top-up draws new ones.

What is drawn, and why:
- A target is on the list of an organisation with case-work staff (half of them on the
  outreach workers' organisations, 社会福祉協議会 in デモ市), with one of its workers; one in
  six also has a second organisation (a 地区担当保健師 of 健康推進課 when it exists) without a
  worker. About one in eight is not identified (a town and a description); the others are
  generated people (created_by None) registered by the same organisation, each on the list
  once — when an organisation has no one left, its targets stay unidentified.
- Registered up to 14 months ago; the attempts (about `attempts` in all, more for targets
  further along) fall between the registration (at most a year back) and yesterday, 9:00–17:00.
- The stage follows the results, as `attempt_record` moves it (`stage_after`): 把握 has no
  attempt, 接触を試みている only 不在・応答なし・拒否, 会えた and beyond a first contact and
  nothing past the stage; 関係ができた (which no result sets) is a worker's correction after
  話せた. About 15% are closed after their last attempt, with a reason that fits how far they
  got. `last_contact_on` is the last contact's day; every attempt's next date is the next
  attempt's day, and the last one's is the target's `next_contact_on` (some already past).
  `stage_changed_on` is the day of the attempt that last moved the stage (registration for
  把握, the closing day for 終了), so some open targets are stale, as in a real city.

This is bulk data, not a user's action: no audit rows are written, and `created_by` is the
assigned worker. Each batch of targets goes in with its assignments and attempts in one
transaction (bulk_create), so a run cut short leaves whole targets; the attempts'
`created_at` is set to the time they happened.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.demo.guard import refuse_in_production
from kasane.organizations.models import Area, AreaKind, Organization
from kasane.outreach.models import (
    CONTACT_RESULTS,
    Aim,
    CloseReason,
    ContactAttempt,
    Method,
    OutreachAssignment,
    OutreachTarget,
    Result,
    Risk,
    Safety,
    Source,
    Stage,
    review_date,
    stage_after,
)
from kasane.people.models import Person

BATCH = 1000  # targets a transaction
CLOSED_SHARE = 0.15
UNIDENTIFIED_SHARE = 0.12
SECOND_ORGANIZATION_SHARE = 1 / 6
OUTREACH_SHARE = 0.5  # of targets on the outreach workers' organisations
REGISTERED_DAYS = 420
ATTEMPT_DAYS = 365
HEALTH_CENTRE = "健康推進課"

# The stage an open target has reached (closed ones reach one of these before closing).
STAGE_WEIGHTS = {
    Stage.KNOWN: 6,
    Stage.TRYING: 34,
    Stage.MET: 20,
    Stage.SPOKE: 16,
    Stage.RELATION: 12,
    Stage.CONNECTED: 12,
}
# More attempts the further along (a relationship takes visits).
ATTEMPT_WEIGHT = {
    Stage.KNOWN: 0,
    Stage.TRYING: 0.8,
    Stage.MET: 1.0,
    Stage.SPOKE: 1.2,
    Stage.RELATION: 1.5,
    Stage.CONNECTED: 1.4,
}
SOURCE_WEIGHTS = {
    Source.SHEET: 25,
    Source.CONSULTATION: 20,
    Source.MEETING: 10,
    Source.COMMUNITY: 30,
    Source.DIRECT: 15,
}
METHOD_WEIGHTS = {
    Method.VISIT: 45,
    Method.PHONE: 20,
    Method.LETTER: 6,
    Method.NOTE: 13,
    Method.JOINT_VISIT: 9,
    Method.COMMUNITY: 7,
}
NO_CONTACT = {Result.ABSENT: 55, Result.NO_ANSWER: 25, Result.REFUSED: 20}
RISK_WEIGHTS = {Risk.LOW: 30, Risk.MEDIUM: 50, Risk.HIGH: 20}
CLOSE_REASONS = {
    CloseReason.NOT_NEEDED: 40,
    CloseReason.MOVED: 20,
    CloseReason.DIED: 10,
    CloseReason.HANDED_OVER: 30,
}
DESCRIPTIONS = (
    "アパート2階の高齢男性、氏名不明",
    "角の一軒家に住む高齢の女性、氏名不明",
    "団地5階の中年男性、表札なし",
    "公園でよく見かける高齢男性、住まい不明",
    "古い木造住宅の高齢夫婦の夫、氏名不明",
)
NOTICED = (
    "新聞や郵便物がたまっている。",
    "夜に明かりがつかない日がある。",
    "ごみが家の前にたまり、においがする。",
    "近所の人が最近見かけないと心配している。",
    "料金の滞納が続き、連絡がつかない。",
    "長くひきこもっていると家族から相談があった。",
)
SEEN = {
    Result.ABSENT: "不在。",
    Result.NO_ANSWER: "応答なし。",
    Result.REFUSED: "インターホン越しに断られた。",
    Result.MET: "玄関先で少し会えた。",
    Result.SPOKE: "玄関先で10分ほど話せた。",
    Result.CONNECTED: "相談を受けることに同意した。",
}
DAY_FROM, DAY_MINUTES = dt.time(9, 0), 8 * 60

K = TypeVar("K")


def _weighted(rng: random.Random, weights: Mapping[K, float]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass(frozen=True, eq=False)  # a key of the weights: by identity
class Office:
    """An organisation targets are assigned to, its case-work staff and the generated people
    it registered (not yet on a list)."""

    organization: Organization
    workers: list[User]
    people: list[int]
    outreach: bool


@dataclass
class Drawn:
    target: OutreachTarget
    assignments: list[OutreachAssignment]
    attempts: list[ContactAttempt] = field(default_factory=list)


def _offices(exclude: Sequence[str]) -> list[Office]:
    users = (
        User.objects.filter(is_active=True, role_assignments__role__in=access.CASE_WORK_ROLES)
        .distinct()
        .prefetch_related("role_assignments")
        .order_by("pk")
    )
    workers: dict[int, list[User]] = {}
    for user in users:
        workers.setdefault(user.organization_id, []).append(user)
    listed = OutreachTarget.objects.filter(person__isnull=False).values("person_id")
    people: dict[int, list[int]] = {}
    for person_id, organization_id in (
        Person.objects.filter(
            organization_id__in=list(workers),
            created_by__isnull=True,
            is_restricted=False,
            died_on__isnull=True,
            moved_out_on__isnull=True,
        )
        .exclude(pk__in=listed)
        .order_by("pk")
        .values_list("pk", "organization_id")
    ):
        people.setdefault(organization_id, []).append(person_id)
    organizations = Organization.objects.filter(pk__in=list(workers), is_active=True).exclude(
        name__in=list(exclude)
    )
    return [
        Office(
            organization,
            workers[organization.pk],
            people.get(organization.pk, []),
            any(Role.OUTREACH_WORKER in user.roles for user in workers[organization.pk]),
        )
        for organization in organizations.order_by("pk")
    ]


class OutreachFactory:
    def __init__(
        self,
        *,
        rng: random.Random,
        now: dt.datetime,
        offices: list[Office],
        towns: list[Area],
        health: Organization | None,
        closed_share: float = CLOSED_SHARE,
    ) -> None:
        self.rng = rng
        self.closed_share = closed_share
        self.now = now
        self.today = timezone.localdate(now)
        self.offices = offices
        self.towns = towns
        self.health = health
        outreach = [office for office in offices if office.outreach]
        others = [office for office in offices if not office.outreach] or outreach
        self.office_weights = {
            **{office: (1 - OUTREACH_SHARE) / len(others) for office in others},
            **{office: OUTREACH_SHARE / len(outreach) for office in outreach},
        }
        # Drawn people, per organisation, in a drawn order (each used once).
        self.people = {
            office.organization.pk: rng.sample(office.people, k=len(office.people))
            for office in offices
        }

    def stamp(self, day: dt.date) -> dt.datetime:
        minutes = self.rng.randrange(DAY_MINUTES)
        return timezone.make_aware(dt.datetime.combine(day, DAY_FROM)) + dt.timedelta(
            minutes=minutes
        )

    def draw(self, count: int, attempts: int) -> Iterator[Drawn]:
        """The targets one by one (a batch at a time in memory, not 200,000 attempts)."""
        plans = [self._plan() for _ in range(count)]
        counts = self._attempt_counts(plans, attempts)
        for plan, n in zip(plans, counts, strict=True):
            yield self._target(plan, n)

    def _plan(self) -> tuple[Office, Stage, bool]:
        office = _weighted(self.rng, self.office_weights)
        return office, _weighted(self.rng, STAGE_WEIGHTS), self.rng.random() < self.closed_share

    def _attempt_counts(self, plans: list[tuple[Office, Stage, bool]], attempts: int) -> list[int]:
        """About `attempts` in all, spread by stage with some spread between targets; at least
        one for a target past 把握, at least two past 会えた."""
        weights = [ATTEMPT_WEIGHT[stage] * self.rng.uniform(0.3, 1.7) for _, stage, _ in plans]
        total = sum(weights) or 1
        minimum = {Stage.KNOWN: 0, Stage.TRYING: 1, Stage.MET: 1}
        return [
            max(minimum.get(stage, 2), round(weight * attempts / total))
            for (_, stage, _), weight in zip(plans, weights, strict=True)
        ]

    def _target(self, plan: tuple[Office, Stage, bool], attempts: int) -> Drawn:
        office, reached, closed = plan
        rng = self.rng
        worker = rng.choice(office.workers)
        registered = self.today - dt.timedelta(days=rng.randint(1, REGISTERED_DAYS))
        people = self.people[office.organization.pk]
        person_id = people.pop() if people and rng.random() >= UNIDENTIFIED_SHARE else None
        target = OutreachTarget(
            person_id=person_id,
            area=rng.choice(self.towns) if person_id is None else None,
            description=rng.choice(DESCRIPTIONS) if person_id is None else "",
            source=_weighted(rng, SOURCE_WEIGHTS),
            noticed=rng.choice(NOTICED),
            aims=sorted(rng.sample(list(Aim.values), k=rng.randint(1, 2))),
            risk=_weighted(rng, RISK_WEIGHTS),
            stage=Stage.KNOWN,
            registered_on=registered,
            review_on=self._review(registered),
            created_by=worker,
        )
        assignments = [
            OutreachAssignment(
                organization=office.organization,
                worker=worker,
                role="アウトリーチ",
                joined_on=registered,
            )
        ]
        if self.health is not None and rng.random() < SECOND_ORGANIZATION_SHARE:
            assignments.append(
                OutreachAssignment(
                    organization=self.health, role="地区担当保健師", joined_on=registered
                )
            )
        drawn = Drawn(target, assignments)
        self._attempts(drawn, office, worker, reached, attempts)
        self._finish(drawn, reached, closed)
        return drawn

    def _review(self, registered: dt.date) -> dt.date:
        """Every three months from registration: the first review date from a month back on."""
        review = review_date(registered)
        while review < self.today - dt.timedelta(days=30):
            review = review_date(review)
        return review

    def _results(self, reached: Stage, count: int) -> list[Result]:
        """Results whose stage path ends at `reached` (関係ができた: at 話せた)."""
        rng = self.rng
        if reached in (Stage.KNOWN, Stage.TRYING) or count == 0:
            return [_weighted(rng, NO_CONTACT) for _ in range(count)]
        top = {Stage.MET: Result.MET, Stage.CONNECTED: Result.CONNECTED}.get(reached, Result.SPOKE)
        allowed = [Result.MET, *([Result.SPOKE] if top != Result.MET else [])]
        first = rng.randrange(max(1, count // 2)) if count > 1 else 0
        results = [_weighted(rng, NO_CONTACT) for _ in range(first)]
        for _ in range(count - first):
            results.append(
                rng.choice(allowed) if rng.random() < 0.6 else _weighted(rng, NO_CONTACT)
            )
        results[first] = Result.MET if top == Result.MET or rng.random() < 0.7 else Result.SPOKE
        if top == Result.CONNECTED:
            results[-1] = Result.CONNECTED
        elif top not in results:
            results[rng.randrange(first, count)] = top
        return results

    def _attempts(
        self, drawn: Drawn, office: Office, worker: User, reached: Stage, count: int
    ) -> None:
        rng = self.rng
        yesterday = self.today - dt.timedelta(days=1)
        start = max(drawn.target.registered_on, self.today - dt.timedelta(days=ATTEMPT_DAYS))
        span = (yesterday - start).days
        if span < 0:
            count = 0
        stamps = sorted(
            self.stamp(start + dt.timedelta(days=rng.randint(0, span))) for _ in range(count)
        )
        for at, result in zip(stamps, self._results(reached, count), strict=True):
            method = _weighted(rng, METHOD_WEIGHTS)
            drawn.attempts.append(
                ContactAttempt(
                    occurred_at=at,
                    method=method,
                    companion="地区担当保健師" if method == Method.JOINT_VISIT else "",
                    result=result,
                    safety=self._safety(result),
                    seen=SEEN[result],
                    recorded_by=worker,
                    organization=office.organization,
                )
            )

    def _safety(self, result: Result) -> str:
        if result in CONTACT_RESULTS:
            return Safety.CONFIRMED
        if result == Result.REFUSED:
            return Safety.CONFIRMED if self.rng.random() < 0.5 else Safety.NOT_APPLICABLE
        return Safety.NOT_CONFIRMED if self.rng.random() < 0.3 else Safety.NOT_APPLICABLE

    def _finish(self, drawn: Drawn, reached: Stage, closed: bool) -> None:
        """The stage, dates and next dates that the attempts make (`stage_after`)."""
        rng, target, attempts = self.rng, drawn.target, drawn.attempts
        days = [timezone.localdate(attempt.occurred_at) for attempt in attempts]
        stage, moved = Stage.KNOWN.value, target.registered_on
        for attempt, day in zip(attempts, days, strict=True):
            stage, before = stage_after(stage, attempt.result), stage
            moved = day if stage != before else moved
        if reached == Stage.RELATION and stage == Stage.SPOKE:
            stage = Stage.RELATION  # a worker's correction, the day of the last attempt
            moved = days[-1]
        target.stage, target.stage_changed_on = stage, moved
        contacts = [day for day, a in zip(days, attempts, strict=True) if a.is_contact]
        target.last_contact_on = max(contacts) if contacts else None
        last = days[-1] if days else target.registered_on
        for attempt, following in zip(attempts, days[1:], strict=False):
            attempt.next_contact_on = following
        if closed and last < self.today:
            target.stage = Stage.CLOSED
            target.closed_on = last + dt.timedelta(days=rng.randint(0, (self.today - last).days))
            target.stage_changed_on = target.closed_on
            target.close_reason = (
                CloseReason.CONNECTED if stage == Stage.CONNECTED else _weighted(rng, CLOSE_REASONS)
            )
            return
        target.next_contact_on = last + dt.timedelta(days=rng.randint(3, 60))
        if attempts:
            attempts[-1].next_contact_on = target.next_contact_on


def _batches(drawn: Iterator[Drawn]) -> Iterator[list[Drawn]]:
    while batch := list(itertools.islice(drawn, BATCH)):
        yield batch


def _write(batch: list[Drawn]) -> None:
    targets = OutreachTarget.objects.bulk_create([d.target for d in batch])
    for d in batch:
        for assignment in d.assignments:
            assignment.target = d.target
        for attempt in d.attempts:
            attempt.target = d.target
    OutreachAssignment.objects.bulk_create([a for d in batch for a in d.assignments])
    ContactAttempt.objects.bulk_create([a for d in batch for a in d.attempts], batch_size=5000)
    # The stamp the model sets on insert, moved to when the attempt happened.
    ContactAttempt.objects.filter(target__in=[t.pk for t in targets]).update(
        created_at=F("occurred_at")
    )


def generate_outreach(
    *,
    targets: int,
    attempts: int,
    seed: int = 2026,
    now: dt.datetime | None = None,
    exclude: Sequence[str] = (),
    closed_share: float = CLOSED_SHARE,
) -> int:
    """Insert `targets` fictitious targets with about `attempts` contact attempts among them
    (see the module text), on the organisations with case-work staff except those named in
    `exclude`; `closed_share` of them closed (the demo closes all: its open ones are the
    story's). Refused in production, like the demo city. Returns the number of targets."""
    refuse_in_production(action="架空のアウトリーチ対象を生成")
    offices = _offices(exclude)
    if targets <= 0 or not offices:
        return 0
    factory = OutreachFactory(
        rng=random.Random(seed * 1_000_003 + OutreachTarget.objects.count()),
        now=now or timezone.now(),
        offices=offices,
        towns=list(Area.objects.filter(kind=AreaKind.TOWN, is_active=True).order_by("code")),
        health=Organization.objects.filter(name=HEALTH_CENTRE).first(),
        closed_share=closed_share,
    )
    written = 0
    for batch in _batches(factory.draw(targets, attempts)):
        with transaction.atomic():
            _write(batch)
        written += len(batch)
    return written
