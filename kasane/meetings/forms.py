from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases.forms import case_workers
from kasane.cases.models import Case, ClosingReason, ScreeningCriterion, TeamRole
from kasane.core.filters import FilterForm
from kasane.core.forms import JapaneseDateField, KeepsVersion, VersionField, field_of
from kasane.core.japanese import wareki
from kasane.core.submissions import SubmittedOnce
from kasane.meetings.models import (
    DecisionKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    Purpose,
)
from kasane.meetings.rules import purpose_choices
from kasane.meetings.selectors import WHEN_CHOICES, TeamCandidate
from kasane.organizations.models import Organization
from kasane.outreach.models import OutreachTarget


def _users() -> Any:
    return (
        User.objects.filter(is_active=True)
        .select_related("organization")
        .order_by("organization__name", "full_name")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        organization = obj.organization.name if obj.organization_id else "所属なし"
        return f"{obj.full_name}（{organization}）"


class MeetingFilterForm(FilterForm):
    """The meeting list's filters; `body` (a register's 「開催」 link) only for those who read
    every meeting, who are the ones the register is for."""

    when = forms.ChoiceField(
        label="時期",
        choices=WHEN_CHOICES,
        required=False,
    )
    kind = forms.ChoiceField(
        label="種類", choices=[("", "すべて"), *MeetingKind.choices], required=False
    )
    body = forms.ModelChoiceField(
        label="会議体",
        queryset=MeetingBody.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"when": "recent"})
        super().__init__(*args, **kwargs)
        if access.oversees_meetings(user):
            bodies = access.meeting_bodies_for_user(user)
            field_of(self, "body", forms.ModelChoiceField).queryset = bodies
        else:
            del self.fields["body"]

    def clean_when(self) -> str:
        return self.cleaned_data["when"] or "recent"


class MeetingForm(SubmittedOnce, KeepsVersion, forms.Form):
    kind = forms.ChoiceField(label="会議の種類", choices=MeetingKind.choices)
    body = forms.ModelChoiceField(
        label="会議体",
        queryset=MeetingBody.objects.filter(is_active=True),
        required=False,
        empty_label="（会議体に属さない）",
        help_text="会議体の一覧に登録された会議体のひとつとして開くときに選びます。",
    )
    title = forms.CharField(
        label="会議名",
        max_length=100,
        help_text="本人や世帯の名前は入れないでください（誓約の前の参加者にも表示されます）。",
    )
    starts_on = JapaneseDateField(label="開催日")
    starts_time = forms.TimeField(
        label="開始時刻", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(label="予定時間（分）", min_value=10, max_value=480)
    place = forms.CharField(label="場所", max_length=100, required=False)
    is_online = forms.BooleanField(label="オンラインで開く", required=False)
    convener = forms.ModelChoiceField(label="主催機関", queryset=Organization.objects.active())
    loaded_at = VersionField()

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        self.meeting = meeting
        if meeting is not None:
            local = timezone.localtime(meeting.starts_at)
            kwargs.setdefault(
                "initial",
                {
                    "kind": meeting.kind,
                    "body": meeting.body_id,
                    "title": meeting.title,
                    "starts_on": local.date(),
                    "starts_time": local.time().replace(second=0, microsecond=0),
                    "duration_minutes": meeting.duration_minutes,
                    "place": meeting.place,
                    "is_online": meeting.is_online,
                    "convener": meeting.convener_id,
                    "loaded_at": meeting.updated_at.isoformat(),
                },
            )
        super().__init__(*args, **kwargs)
        field_of(self, "convener", forms.ModelChoiceField).queryset = Organization.objects.active()
        if meeting is None:
            del self.fields["loaded_at"]  # a new meeting has no version yet

    def creates(self) -> bool:
        return self.meeting is None

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        starts_at = timezone.make_aware(dt.datetime.combine(data["starts_on"], data["starts_time"]))
        return {
            "kind": data["kind"],
            "body": data["body"],
            "title": data["title"].strip(),
            "starts_at": starts_at,
            "duration_minutes": data["duration_minutes"],
            "place": data["place"].strip(),
            "is_online": data["is_online"],
            "convener": data["convener"],
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label="中止の理由", max_length=200)


class ParticipantForm(SubmittedOnce, forms.Form):
    """Several participants in one step: workers of the agenda's case teams (checkboxes), one
    more Kasane user, and one outside participant."""

    team = forms.TypedMultipleChoiceField(
        label="議題のケースのチームから",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="チームの担当者をまとめて選べます。",
    )
    user = UserChoiceField(
        label="Kasaneの利用者",
        queryset=User.objects.none(),
        required=False,
        empty_label="（選ばない）",
    )
    name = forms.CharField(label="外部の参加者の氏名", max_length=100, required=False)
    organization_name = forms.CharField(label="所属", max_length=100, required=False)
    role = forms.CharField(
        label="役割・立場",
        max_length=100,
        required=False,
        help_text="例: 民生委員・児童委員、主任ケアマネジャー",
    )

    def __init__(self, *args: Any, candidates: Sequence[TeamCandidate] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.user.pk: candidate.user for candidate in candidates}
        if candidates:
            team = field_of(self, "team", forms.ChoiceField)
            team.choices = [(c.user.pk, c.label) for c in candidates]
        else:
            del self.fields["team"]
        field_of(self, "user", forms.ModelChoiceField).queryset = _users().filter(
            pk__in=User.objects.filter(role_assignments__role__in=access.MEETING_ROLES).values("pk")
        )

    def team_users(self) -> list[User]:
        return [self.candidates[pk] for pk in self.cleaned_data.get("team", [])]


class PledgeForm(SubmittedOnce, forms.Form):
    signed_on = JapaneseDateField(label="誓約日")
    text = forms.TypedChoiceField(label="誓約書の版", coerce=int)
    for_period = forms.TypedChoiceField(
        label="誓約の範囲",
        choices=[("0", "この会議"), ("1", "期間（利用者のみ）")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    valid_from = JapaneseDateField(label="有効期間（から）", required=False)
    valid_until = JapaneseDateField(label="有効期間（まで）", required=False)

    def __init__(self, *args: Any, texts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "text", forms.ChoiceField).choices = texts
        if texts:
            self.fields["text"].initial = texts[0][0]
        self.fields["signed_on"].initial = timezone.localdate()


class SignPledgeForm(forms.Form):
    agree = forms.BooleanField(label="上記の内容を理解し、守秘義務を守ることを誓約します")


class AgendaForm(SubmittedOnce, forms.Form):
    """A case for the agenda: chosen among those a name search found (`found`, shown as
    radio buttons by the page) or given by its number."""

    case = forms.IntegerField(
        label="見つかったケース",
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        widget=forms.RadioSelect,
    )
    case_number = forms.IntegerField(
        label="ケース番号",
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        help_text="名前で探す代わりに、番号が分かるときに入力します。",
    )
    purpose = forms.ChoiceField(label="目的", choices=Purpose.choices)
    briefing = forms.CharField(
        label="共有したいこと・検討したいこと",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(
        self, *args: Any, meeting: Meeting | None = None, found: Sequence[Case] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if meeting is not None:
            field_of(self, "purpose", forms.ChoiceField).choices = purpose_choices(meeting.kind)
        self.offer(found)

    def offer(self, cases: Sequence[Case]) -> None:
        """The cases to choose from (a search's results, or the one chosen when refused)."""
        radios = self.fields["case"].widget
        assert isinstance(radios, forms.RadioSelect)
        radios.choices = [(case.pk, _case_label(case)) for case in cases]

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        picked, typed = data.get("case"), data.get("case_number")
        if picked and typed and picked != typed:
            raise forms.ValidationError(
                "見つかったケースとケース番号の両方が指定されています。どちらか一つにしてください。"
            )
        if not (picked or typed) and not self.has_error("case_number"):
            self.add_error(
                "case_number", "ケースを名前で探して選ぶか、ケース番号を入力してください。"
            )
        data["case_number"] = picked or typed
        return data


def _case_label(case: Case) -> str:
    return (
        f"{case.title}（ケース番号 {case.pk}・{case.get_status_display()}）"
        f" 主たる本人 {case.main_person.full_name}"
    )


class TargetAgendaForm(SubmittedOnce, forms.Form):
    """An outreach target with no case for a 支援会議's agenda: chosen among those offered
    (`offered`: open, overdue first) or given by its number (the target page's button)."""

    target = forms.TypedChoiceField(
        label="アウトリーチ対象",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="次回の接触予定日が早い順に、ケースのない対象を示しています。",
    )
    target_number = forms.IntegerField(
        label="アウトリーチ対象の番号",
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        help_text="一覧にない対象は、対象のページにある番号を入力します。",
    )
    briefing = forms.CharField(
        label="共有したいこと・検討したいこと",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, offered: Sequence[OutreachTarget] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(target.pk, _target_label(target)) for target in offered]
        field_of(self, "target", forms.ChoiceField).choices = [("", "（選ばない）"), *choices]

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        picked, typed = data.get("target"), data.get("target_number")
        if picked and typed and picked != typed:
            raise forms.ValidationError(
                "一覧の対象と番号の両方が指定されています。どちらか一つにしてください。"
            )
        if not (picked or typed) and not self.has_error("target_number"):
            self.add_error("target_number", "対象を一覧から選ぶか、番号を入力してください。")
        data["target_number"] = picked or typed
        return data


def _target_label(target: OutreachTarget) -> str:
    next_on = f"次回 {wareki(target.next_contact_on)}" if target.next_contact_on else "次回未定"
    return f"{target.name_label}（番号 {target.pk}・{target.get_stage_display()}・{next_on}）"


class MinutesForm(KeepsVersion, forms.Form):
    discussion = forms.CharField(
        label="議事の要旨", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    loaded_at = VersionField()


class DecisionForm(SubmittedOnce, forms.Form):
    """One form for every kind of decision; the template shows the fields of one kind and the
    service checks what that kind needs."""

    kind = forms.ChoiceField(choices=DecisionKind.choices, widget=forms.HiddenInput)
    eligible = forms.TypedChoiceField(
        label="結果",
        choices=[("1", "支援決定"), ("0", "対象外")],
        coerce=lambda value: value == "1",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    criteria = forms.MultipleChoiceField(
        label="当てはまった判断",
        choices=ScreeningCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    referred_to = forms.ModelChoiceField(
        label="対象外のときのつなぎ先", queryset=Organization.objects.none(), required=False
    )
    plan = forms.IntegerField(widget=forms.HiddenInput, required=False)
    closing_reason = forms.ChoiceField(
        label="終結・中断の理由",
        choices=[("", "選んでください"), *ClosingReason.choices],
        required=False,
    )
    handback_organization = forms.ModelChoiceField(
        label="つなぎ戻し先（今後の主担当）", queryset=Organization.objects.none(), required=False
    )
    follow_up_on = JapaneseDateField(label="フォローアップ予定日", required=False)
    organization = forms.ModelChoiceField(
        label="役割を担う機関", queryset=Organization.objects.none(), required=False
    )
    team_role = forms.ChoiceField(
        label="チームでの役割",
        choices=[(value, label) for value, label in TeamRole.choices if value != TeamRole.LEAD],
        required=False,
    )
    worker = UserChoiceField(label="担当者", queryset=User.objects.none(), required=False)
    task = forms.CharField(label="担うこと", max_length=200, required=False)
    due_on = JapaneseDateField(label="期限", required=False)
    monitoring_on = JapaneseDateField(label="モニタリング予定日", required=False)
    next_contact_on = JapaneseDateField(label="次回の接触予定日", required=False)
    reason = forms.CharField(
        label="理由・補足", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("referred_to", "handback_organization", "organization"):
            field_of(self, name, forms.ModelChoiceField).queryset = Organization.objects.active()
        # Only those who can work on cases (not the police, tax, water or the auditor).
        field_of(self, "worker", forms.ModelChoiceField).queryset = case_workers()


class ConfirmForm(forms.Form):
    summary = forms.CharField(
        label="全体のまとめ（任意）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
