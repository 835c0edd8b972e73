"""Reads for the assessment and support-plan pages: the versions to switch between, what one
version says about each member of the household, the choices a plan item offers, and what
changed between two plan versions (`plan_diff`, a pure function over `PlanSnapshot`s)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Field, Prefetch, Q, QuerySet

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import (
    Assessment,
    AssessmentEntry,
    Case,
    PlanItem,
    PlanStatus,
    SupportPlan,
)
from kasane.cases.services import PLAN_FIELDS
from kasane.core.japanese import wareki
from kasane.intake.models import Consultation, IssueCode
from kasane.organizations.models import Organization
from kasane.people.models import ConsentMethod, HouseholdMember, Person

# --- Assessment -------------------------------------------------------------------------------


def relations_of(case: Case, people: list[Person]) -> dict[int, str]:
    """Each person's relation in the case's household (続柄), for headings."""
    if case.household_id is None:
        return {case.main_person_id: "本人"}
    memberships = HouseholdMember.objects.filter(
        household_id=case.household_id, person_id__in=[person.pk for person in people]
    )
    # A current membership wins over one the person has left.
    ordered = sorted(memberships, key=lambda item: (item.left_on is None, item.joined_at))
    return {membership.person_id: membership.relation_display for membership in ordered}


@dataclass(frozen=True)
class MemberAssessment:
    person: Person
    relation: str
    entry: AssessmentEntry
    withheld: bool = False  # not shared with the viewer: shown as 「同意のない世帯員」


@dataclass(frozen=True)
class AssessmentPage:
    versions: list[Assessment]
    assessment: Assessment | None = None
    members: list[MemberAssessment] = field(default_factory=list)


def assessment_versions(case: Case) -> list[Assessment]:
    return list(case.assessments.select_related("created_by").order_by("-version"))


def assessment_page(user: User, case: Case, version: int | None) -> AssessmentPage | None:
    """The chosen version (the latest when `version` is None) with its entries; None when the
    case has no such version. An entry about someone whose record is not shared with the user
    is marked `withheld` (the page shows neither the name nor the entry)."""
    versions = assessment_versions(case)
    if not versions:
        return None if version is not None else AssessmentPage(versions=[])
    chosen = (
        versions[0]
        if version is None
        else next((item for item in versions if item.version == version), None)
    )
    if chosen is None:
        return None
    entries = list(
        chosen.entries.select_related("person").prefetch_related(
            Prefetch("issues", queryset=IssueCode.objects.order_by("sort_order", "pk"))
        )
    )
    relations = relations_of(case, [entry.person for entry in entries])
    shown = access.people_shown_to(user, [entry.person_id for entry in entries])
    members = [
        MemberAssessment(
            entry.person,
            relations.get(entry.person_id, ""),
            entry,
            withheld=entry.person_id not in shown,
        )
        for entry in entries
    ]
    return AssessmentPage(versions=versions, assessment=chosen, members=members)


@dataclass(frozen=True)
class IntakePrefill:
    """What the first assessment starts from: the 相談受付 the case came from (directly or
    through the referral it was passed on with), its 主訴 and its checked issues, by person."""

    consultation: Consultation
    person_id: int
    issues: list[int]
    notes: str


def intake_prefill(case: Case) -> IntakePrefill | None:
    consultation = case.consultation or (
        case.referral.source_consultation if case.referral is not None else None
    )
    if consultation is None:
        return None
    issues = consultation.issues.filter(code__is_active=True).values_list("code_id", flat=True)
    return IntakePrefill(
        consultation=consultation,
        # About a member of the household, else about the case's main person.
        person_id=consultation.person_id or case.main_person_id,
        issues=list(issues),
        notes=f"相談受付の主訴：{consultation.summary.strip()}",
    )


def latest_assessment(case: Case) -> Assessment | None:
    """The version an edit starts from, with its entries and their issues."""
    return (
        case.assessments.order_by("-version")
        .prefetch_related(
            Prefetch("entries", queryset=AssessmentEntry.objects.prefetch_related("issues"))
        )
        .first()
    )


def issue_choices(latest: Assessment | None) -> list[IssueCode]:
    """The checklist: active items, and items switched off since that the latest version
    still uses."""
    codes = Q(is_active=True)
    if latest is not None:
        codes |= Q(
            pk__in=AssessmentEntry.issues.through.objects.filter(
                assessmententry__assessment=latest
            ).values("issuecode_id")
        )
    return list(IssueCode.objects.filter(codes).order_by("sort_order", "pk"))


# --- Plan -------------------------------------------------------------------------------------


def _items() -> Prefetch:
    return Prefetch("items", queryset=PlanItem.objects.select_related("organization", "worker"))


def plans_of(case: Case) -> QuerySet[SupportPlan]:
    return case.plans.select_related("approved_by", "created_by")


def plan_of_case(case: Case, plan_pk: int) -> SupportPlan | None:
    return plans_of(case).prefetch_related(_items()).filter(pk=plan_pk).first()


@dataclass(frozen=True)
class PlanPage:
    plan: SupportPlan
    items: list[PlanItem]
    versions: list[SupportPlan]
    previous: SupportPlan | None
    draft: SupportPlan | None


def plan_page(case: Case, plan: SupportPlan) -> PlanPage:
    versions = list(case.plans.only("pk", "case_id", "version", "status", "approved_on"))
    earlier = [other for other in versions if other.version < plan.version]
    return PlanPage(
        plan=plan,
        items=list(plan.items.all()),
        versions=versions,
        previous=earlier[0] if earlier else None,
        draft=next((other for other in versions if other.status == PlanStatus.DRAFT), None),
    )


def plans_to_compare(
    case: Case, a: int | None, b: int | None
) -> tuple[SupportPlan, SupportPlan] | None:
    """Two versions, the older first: `a` and `b`, or by default the latest two. None when
    there are not two different versions of this case's plan to compare."""
    plans = plans_of(case).prefetch_related(_items())
    if a is None and b is None:
        chosen = list(plans.order_by("-version")[:2])
    elif a is not None and b is not None and a != b:
        chosen = list(plans.filter(pk__in=[a, b]))
    else:
        return None
    if len(chosen) != 2:
        return None
    chosen.sort(key=lambda plan: plan.version)
    return chosen[0], chosen[1]


@dataclass(frozen=True)
class ItemChoices:
    """The organisations and workers a plan item offers (the team's first), loaded once for
    every row of the form."""

    organizations: dict[int, Organization]
    workers: dict[int, User]
    organization_choices: list[Any]
    worker_choices: list[Any]


def item_choices(case: Case, plan: SupportPlan | None) -> ItemChoices:
    """The organisations and workers an item may name: active ones, and those `plan` (the
    version being edited or copied) already names."""
    team = set(case.team.filter(left_on__isnull=True).values_list("organization_id", flat=True))
    items = PlanItem.objects.filter(plan=plan) if plan is not None else PlanItem.objects.none()
    used = Q(pk__in=items.values("organization_id"))
    organizations = list(Organization.objects.filter(Q(is_active=True) | used))
    organizations.sort(key=lambda org: org.pk not in team)  # stable: the model's order stays
    workers = list(
        User.objects.filter(
            Q(is_active=True, role_assignments__role__in=access.CASE_STAFF_ROLES)
            | Q(pk__in=items.values("worker_id"))
        )
        .filter(organization_id__in=[org.pk for org in organizations])
        .distinct()
        .order_by("full_name", "pk")
    )
    by_org: dict[int, list[User]] = {}
    for worker in workers:
        by_org.setdefault(worker.organization_id, []).append(worker)
    on_team = [(org.pk, org.name) for org in organizations if org.pk in team]
    others = [(org.pk, org.name) for org in organizations if org.pk not in team]
    worker_groups = [
        (org.name, [(worker.pk, worker.full_name) for worker in by_org[org.pk]])
        for org in organizations
        if org.pk in by_org
    ]
    return ItemChoices(
        organizations={org.pk: org for org in organizations},
        workers={worker.pk: worker for worker in workers},
        organization_choices=[
            ("", "選んでください"),
            ("チームの機関", on_team),
            ("そのほかの機関", others),
        ],
        worker_choices=[("", "指定しない"), *worker_groups],
    )


# --- What changed between two plan versions ---------------------------------------------------

ITEM_LABELS = (
    ("issue", "課題"),
    ("support", "支援内容"),
    ("organization", "担当機関"),
    ("worker", "担当者"),
    ("frequency", "頻度・期間"),
)


@dataclass(frozen=True)
class ItemSnapshot:
    issue: str
    support: str
    organization: str
    worker: str = ""
    frequency: str = ""


@dataclass(frozen=True)
class PlanSnapshot:
    """A plan version as text: its fields (label → text, in form order) and items."""

    fields: dict[str, str]
    items: list[ItemSnapshot]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


ITEM_CHANGE_LABELS = {"same": "変更なし", "changed": "変更", "added": "追加", "removed": "削除"}


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "same", "changed", "added" or "removed"
    before: ItemSnapshot | None
    after: ItemSnapshot | None

    @property
    def label(self) -> str:
        return ITEM_CHANGE_LABELS[self.kind]

    @property
    def fields(self) -> list[Change]:
        """Each field of the item, before and after (one side empty when added or removed)."""
        empty = ItemSnapshot("", "", "")
        before, after = self.before or empty, self.after or empty
        return [Change(label, getattr(before, n), getattr(after, n)) for n, label in ITEM_LABELS]


@dataclass(frozen=True)
class PlanDiff:
    fields: list[Change]
    items: list[ItemChange]

    @property
    def changed_fields(self) -> list[Change]:
        return [change for change in self.fields if change.changed]

    def _count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    @property
    def added_count(self) -> int:
        return self._count("added")

    @property
    def removed_count(self) -> int:
        return self._count("removed")

    @property
    def changed_count(self) -> int:
        return self._count("changed")

    @property
    def has_changes(self) -> bool:
        return bool(self.changed_fields) or any(item.kind != "same" for item in self.items)


def _field_text(plan: SupportPlan, name: str) -> str:
    value = getattr(plan, name)
    if isinstance(value, bool):
        return "利用する" if value else "利用しない"
    if isinstance(value, dt.date):
        return wareki(value)
    if name == "consent_method":
        return ConsentMethod(value).label if value else ""
    return (value or "").strip()


def plan_snapshot(plan: SupportPlan) -> PlanSnapshot:
    """The plan as text to compare (items prefetched with their organisation and worker)."""
    # PLAN_FIELDS are the plan's own columns, never a reverse relation.
    columns = [cast("Field[Any, Any]", SupportPlan._meta.get_field(name)) for name in PLAN_FIELDS]
    fields = {str(column.verbose_name): _field_text(plan, column.name) for column in columns}
    items = [
        ItemSnapshot(
            issue=item.issue,
            support=item.support,
            organization=item.organization.name,
            worker=item.worker.full_name if item.worker else "",
            frequency=item.frequency,
        )
        for item in plan.items.all()
    ]
    return PlanSnapshot(fields=fields, items=items)


def plan_diff(before: PlanSnapshot, after: PlanSnapshot) -> PlanDiff:
    """What changed from `before` to `after`. Items have no identity across versions (a new
    version copies them), so an item is the same when every field matches, changed when its
    課題 matches an item left over, and otherwise added or removed."""
    fields = [
        Change(label, before.fields.get(label, ""), text) for label, text in after.fields.items()
    ]
    left = list(before.items)
    matched: list[ItemSnapshot | None] = []
    for item in after.items:
        matched.append(item if item in left else None)
        if item in left:
            left.remove(item)
    for index, item in enumerate(after.items):
        if matched[index] is None:
            same_issue = next((old for old in left if old.issue == item.issue), None)
            if same_issue is not None:
                matched[index] = same_issue
                left.remove(same_issue)
    items = [
        ItemChange(
            "added" if old is None else "same" if old == new else "changed",
            old,
            new,
        )
        for old, new in zip(matched, after.items, strict=True)
    ]
    items += [ItemChange("removed", old, None) for old in left]
    return PlanDiff(fields=fields, items=items)
