"""開示請求への対応: all that Kasane holds about one person, as sections of rows that the Excel
workbook (one sheet per section) and the PDF print alike.

Each section is one query (with its users, organisations and areas joined, and the few
many-to-many lists prefetched), so the export of one person takes the same number of queries
however long their history. A section lists every field of its records that a person could
ask for: the columns are the model's own fields with their Japanese labels (derived keys,
ids and internal counters left out), a link to another record as its number (ケース #12), a
user, organisation or area by name.

Rows that the city must look at before handing them over are marked 「開示前に要確認」 with
the reason, never removed (the person reviewing decides, under the city's ordinance):

- 支援経過 marked 機微な記録 (`CaseNote.is_sensitive`, the only flag a note carries);
- everything recorded at a 支援会議 (法第106条の6: its members are bound by confidentiality);
- a consultation brought by someone other than the person (who told the city is a third
  party's information), and a case or consultation of the household led by another member;
- the person's own record while their home is under 閲覧制限 (DV等支援措置): the address
  must not reach anyone but them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from kasane.cases.models import (
    AssessmentEntry,
    Case,
    CaseNote,
    Evaluation,
    PlanItem,
    SupportPlan,
)
from kasane.intake.models import Consultation, ConsulterRelation, Referral
from kasane.meetings.models import AgendaItem, Decision
from kasane.outreach.models import ContactAttempt, OutreachReview, OutreachTarget
from kasane.participation.models import FollowUp, Match, ParticipationProfile
from kasane.people.models import (
    Consent,
    ConsentRefusal,
    HouseholdMember,
    Person,
    PersonEvent,
)

REVIEW = "開示前に要確認"
SENSITIVE_NOTE = "機微な記録（自機関とコーディネーターだけが読める支援経過）"
SUPPORT_MEETING = "支援会議の記録（法第106条の6の守秘義務）"
THIRD_PARTY_CONSULTER = "本人以外からの相談（相談者は第三者）"
HOUSEHOLD_RECORD = "世帯の記録（他の世帯員の情報を含む）"
RESTRICTED_HOME = "閲覧制限（DV等支援措置）中：住所・電話の扱いに注意"

# The fields of a person that 閲覧制限 hides from others.
HOME = {"postal_code", "area", "address", "phone"}
# Fields without a Japanese label that are still worth showing; any other unlabelled field is
# internal (an order, a version token) and left out.
PLAIN_LABELS = {
    "created_at": "記録日時",
    "updated_at": "更新日時",
    "recorded_at": "記録日時",
    "created_by": "記録した人",
    "recorded_by": "記録した人",
    "author": "記録した人",
    "actor": "操作した人",
    "note": "メモ",
    "joined_at": "世帯に加わった日時",
}
# Links to these are master data or staff: shown by name. Any other link is a record of the
# person's history, shown by its number (it has its own sheet).
NAMED_APPS = {"accounts", "organizations", "resources", "community"}
NAMED_MODELS = {"issuecode", "meetingbody", "pledgetext", "household"}


@dataclass(frozen=True)
class Row:
    values: list[Any]
    review: str = ""  # why the city must look before disclosing, or ""


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    @property
    def review_count(self) -> int:
        return sum(1 for row in self.rows if row.review)


@dataclass(frozen=True)
class Disclosure:
    person: Person
    sections: list[Section]
    made_at: dt.datetime

    @property
    def review_count(self) -> int:
        return sum(section.review_count for section in self.sections)


Extra = tuple[str, Callable[[Any], Any]]


def _shown_fields(model: type[models.Model], exclude: Iterable[str]) -> list[models.Field]:
    skipped = set(exclude)
    fields = []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name in skipped:
            continue
        if model_field.name.endswith("_key"):
            continue
        if _label(model_field):
            fields.append(model_field)
    return fields


def _label(model_field: models.Field) -> str:
    label = str(model_field.verbose_name)
    if label.isascii():
        return PLAIN_LABELS.get(model_field.name, "")
    return label


def _is_named(model: type[models.Model]) -> bool:
    meta = model._meta
    return meta.app_label in NAMED_APPS or meta.model_name in NAMED_MODELS


def _related_to_join(fields: list[models.Field]) -> list[str]:
    return [
        model_field.name
        for model_field in fields
        if model_field.is_relation and _is_named(model_field.related_model)  # type: ignore[arg-type]
    ]


def cell(value: Any) -> Any:
    """A value as a sheet or a printout shows it: dates as dates (和暦 by the format), times in
    Japan time without a zone, yes/no in Japanese, lists joined."""
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value)
    if isinstance(value, dict):
        return "、".join(f"{key}: {item}" for key, item in value.items())
    return value


def _value(record: models.Model, model_field: models.Field) -> Any:
    if model_field.is_relation:
        related_id = getattr(record, model_field.attname)
        if related_id is None:
            return ""
        related_model = model_field.related_model
        if _is_named(related_model):  # type: ignore[arg-type]
            related = getattr(record, model_field.name)
            return getattr(related, "full_name", None) or str(related)
        return f"{related_model._meta.verbose_name} #{related_id}"  # type: ignore[union-attr]
    if model_field.choices:
        display = getattr(record, f"get_{model_field.name}_display")()
        return display if getattr(record, model_field.attname) not in ("", None) else ""
    return cell(getattr(record, model_field.attname))


def _section(
    key: str,
    title: str,
    records: QuerySet[Any],
    *,
    exclude: Iterable[str] = (),
    extra: Iterable[Extra] = (),
    review: Callable[[Any], str] = lambda record: "",
) -> Section:
    """One sheet: a row per record, its number first, its fields, then the `extra` columns."""
    model = records.model
    fields = _shown_fields(model, exclude)
    extra = list(extra)
    columns = ["番号", *(_label(f) for f in fields), *(label for label, _ in extra)]
    records = records.select_related(*_related_to_join(fields))
    rows = [
        Row(
            values=[
                record.pk,
                *(_value(record, f) for f in fields),
                *(cell(get(record)) for _, get in extra),
            ],
            review=review(record),
        )
        for record in records
    ]
    return Section(key=key, title=title, columns=columns, rows=rows)


def _person_section(person: Person) -> Section:
    """The person's own record, one field a row (項目・内容): easier to read than one wide row."""
    fields = _shown_fields(Person, ())
    loaded = Person.objects.select_related(*_related_to_join(fields)).get(pk=person.pk)
    review = RESTRICTED_HOME if loaded.is_restricted else ""
    rows = [Row(values=["本人ID", loaded.pk])]
    rows += [
        Row(values=[_label(f), _value(loaded, f)], review=review if f.name in HOME else "")
        for f in fields
    ]
    return Section(key="person", title="本人", columns=["項目", "内容"], rows=rows)


def _meeting_review(item: AgendaItem) -> str:
    return SUPPORT_MEETING if item.meeting.shares_without_consent else ""


def _case_review(person: Person) -> Callable[[Case], str]:
    return lambda case: "" if case.main_person_id == person.pk else HOUSEHOLD_RECORD


def _consultation_review(person: Person) -> Callable[[Consultation], str]:
    def review(consultation: Consultation) -> str:
        if consultation.person_id != person.pk:
            return HOUSEHOLD_RECORD
        if consultation.consulter_relation != ConsulterRelation.SELF:
            return THIRD_PARTY_CONSULTER
        return ""

    return review


def disclosure_for(person: Person) -> Disclosure:
    """Every record Kasane holds about `person`, section by section (see the module)."""
    households = list(person.memberships.values_list("household_id", flat=True))
    cases = Case.objects.filter(Q(main_person=person) | Q(household__in=households))
    case_ids = list(cases.values_list("pk", flat=True))
    targets = list(OutreachTarget.objects.filter(person=person).values_list("pk", flat=True))
    items = AgendaItem.objects.filter(Q(case__in=case_ids) | Q(outreach_target__in=targets))
    matches = Match.objects.filter(person=person)
    sections = [
        _person_section(person),
        _section(
            "events",
            "転出・死亡の記録",
            PersonEvent.objects.filter(person=person),
            exclude=["person"],
        ),
        _section(
            "households",
            "世帯",
            HouseholdMember.objects.filter(person=person).order_by("pk"),
            exclude=["person"],
        ),
        _section(
            "consents",
            "同意",
            Consent.objects.filter(person=person).prefetch_related("organizations"),
            exclude=["person"],
            extra=[("共有先の支援関係機関", _organization_names)],
        ),
        _section(
            "refusals",
            "同意なしの記録",
            ConsentRefusal.objects.filter(person=person),
            exclude=["person"],
        ),
        _section(
            "consultations",
            "相談受付",
            Consultation.objects.filter(Q(person=person) | Q(household__in=households))
            .prefetch_related("issues__code")
            .order_by("pk"),
            extra=[("課題", _issue_names)],
            review=_consultation_review(person),
        ),
        _section(
            "referrals", "つなぐシート", Referral.objects.filter(person=person).order_by("pk")
        ),
        _section("cases", "支援ケース", cases.order_by("pk"), review=_case_review(person)),
        _section(
            "assessments",
            "アセスメント",
            AssessmentEntry.objects.filter(person=person)
            .select_related("assessment")
            .prefetch_related("issues")
            .order_by("pk"),
            exclude=["person"],
            extra=[
                ("ケース", lambda entry: f"ケース #{entry.assessment.case_id}"),
                ("版", lambda entry: entry.assessment.version),
                ("課題", lambda entry: [code.name for code in entry.issues.all()]),
            ],
        ),
        _section(
            "plans", "支援プラン", SupportPlan.objects.filter(case__in=case_ids).order_by("pk")
        ),
        _section(
            "plan_items",
            "支援プランの項目",
            PlanItem.objects.filter(plan__case__in=case_ids).order_by("pk"),
        ),
        _section(
            "notes",
            "支援経過",
            CaseNote.objects.filter(case__in=case_ids).order_by("written_on", "pk"),
            review=lambda note: SENSITIVE_NOTE if note.is_sensitive else "",
        ),
        _section(
            "evaluations", "評価", Evaluation.objects.filter(case__in=case_ids).order_by("pk")
        ),
        _section(
            "agenda",
            "会議の記録（議題）",
            items.select_related("meeting").order_by("meeting__starts_at", "pk"),
            extra=[("会議", lambda item: str(item.meeting))],
            review=_meeting_review,
        ),
        _section(
            "decisions",
            "会議の決定",
            Decision.objects.filter(item__in=items)
            .select_related("item__meeting")
            .order_by("item__meeting__starts_at", "pk"),
            extra=[("会議", lambda decision: str(decision.item.meeting))],
            review=lambda decision: _meeting_review(decision.item),
        ),
        _section(
            "outreach",
            "アウトリーチ",
            OutreachTarget.objects.filter(pk__in=targets).order_by("pk"),
            exclude=["person"],
        ),
        _section(
            "contacts",
            "アウトリーチの接触の記録",
            ContactAttempt.objects.filter(target__in=targets).order_by("pk"),
        ),
        _section(
            "outreach_reviews",
            "アウトリーチの見直し",
            OutreachReview.objects.filter(target__in=targets).order_by("pk"),
        ),
        _section(
            "participation",
            "参加支援（本人の希望）",
            ParticipationProfile.objects.filter(person=person).order_by("pk"),
            exclude=["person"],
        ),
        _section("matches", "参加支援のマッチング", matches.order_by("pk"), exclude=["person"]),
        _section(
            "follow_ups",
            "参加支援の定着支援",
            FollowUp.objects.filter(match__in=matches).order_by("pk"),
        ),
    ]
    return Disclosure(person=person, sections=sections, made_at=timezone.now())


def _organization_names(consent: Consent) -> list[str]:
    return [organization.name for organization in consent.organizations.all()]


def _issue_names(consultation: Consultation) -> list[str]:
    return [issue.code.name for issue in consultation.issues.all()]
