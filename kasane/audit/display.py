"""How the auditor reads an audit row (issue 21 point 2): labels in Japanese, and only the
details an auditor needs — which record, which fields, which criteria, how many — never the
values of personal fields or free text.

Rows are append-only, so rows written before this rule may still hold values (a name typed
into a search, a plan's goal, an address). The display therefore works from an allowlist:
a detail key listed in `SAFE_KEYS` is shown with its value when that value is a number, a
yes/no, an id list or a short code; any other key, or a value of another shape, shows only
that something was recorded (「（記録あり）」). A change's `[before, after]` pairs show the
field's name alone, except for the master data of `VALUE_ACTIONS` (users, organisations,
areas, codes), which hold no personal data and whose values the auditor must see (a role
given, an organisation renamed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from kasane.accounts.roles import Role

RECORDED = "（記録あり）"

SAFE_KEYS: dict[str, str] = {
    "page": "画面",
    "via": "経由",
    "criteria": "使った条件",
    "shown": "表示した件数",
    "position": "何件目から",
    "rows": "出力した行数",
    "total": "該当件数",
    "protected": "パスワードで保護",
    "version": "版",
    "versions": "版",
    "from": "元の版",
    "superseded": "置き換えた版",
    "plan": "プランの版",
    "evaluation": "評価",
    "item": "議題",
    "items": "議題",
    "meeting": "会議",
    "case": "ケース",
    "cases": "ケース",
    "outreach_target": "アウトリーチ対象",
    "targets": "アウトリーチ対象",
    "next_contact_on": "次回の接触予定日",
    "consent": "同意",
    "event": "記録",
    "note": "支援経過",
    "referral": "つなぎ",
    "person": "本人",
    "people": "本人",
    "key_person": "キーパーソン",
    "first": "本人",
    "second": "同一人物",
    "household": "世帯",
    "participant": "参加者",
    "participants": "参加者数",
    "decision": "決定",
    "decisions": "決定",
    "worker": "担当者",
    "kind": "種類",
    "method": "方法",
    "route": "相談経路",
    "urgent": "緊急",
    "urgency": "緊急度",
    "outcome": "結果",
    "status": "状態",
    "relation": "続柄",
    "sensitive": "秘匿",
    "role": "役割",
    "form": "帳票",
    "content": "内容の閲覧",
    "why_not": "閲覧できない理由",
    "confirmed": "確定済み",
    "issues": "課題の数",
    "programs": "事業",
    "to": "変更後の状態",
    "purpose": "目的",
    "text": "誓約書の版",
    "all_organizations": "すべての機関",
    "closing": "終結の理由",
    "fiscal_year": "年度",
    "user": "利用者",
    "username": "ユーザー名",
    "organization": "機関",
    "receiver": "受け手の機関",
    "lead": "主担当機関",
    "roles": "役割",
    "organizations": "機関",
    "jusou_meeting": "重層的支援会議",
    "starts_at": "開始日時",
    "name": "名前",
    "week": "週の初日",
    "format": "形式",
    "sheets": "記録の種類",
    "review": "開示前に要確認の件数",
    "break_glass": "緊急時の閲覧",
    "hours": "時間",
    "verdict": "確認の結果",
}
# Where an action uses a key in its own sense.
ACTION_LABELS = {"case.transition": {"from": "変更前の状態", "criteria": "選定の基準"}}
# Detail keys that name the fields a change touched.
FIELD_KEYS = ("fields", "changes")
# Actions on master data: their changes may show values (no personal data in them).
VALUE_ACTIONS = (
    "user.",
    "organization.",
    "area.",
    "issue_code.",
    "meeting_body.",
)
CRITERIA_LABELS = {
    "name": "氏名・フリガナ",
    "birth_date": "生年月日",
    "phone": "電話番号",
    "address": "住所",
    "q": "世帯名",
    "status": "状態",
    "organization": "機関",
    "program": "事業",
    "urgency": "緊急度",
    "urgent_only": "緊急のみ",
    "date_from": "期間（から）",
    "date_to": "期間（まで）",
    "all_receivers": "すべての受け手",
    "user": "ユーザー名",
    "action": "操作",
    "object_type": "対象の種類",
    "object_id": "対象ID",
    "category": "不審なアクセスの区分",
}
# Keys whose text is the system's own or names staff and organisations, not the people
# supported; every other key shows text only when it is a short code (`_CODE`).
TEXT_KEYS = {"why_not", "organization", "receiver", "lead", "user", "username"}
MAX_TEXT_LENGTH = 100
_CODE = re.compile(r"[A-Za-z0-9_.:+\-]{1,40}")
# Keys whose text an action may show: the names of meeting participants (who was given access
# to a meeting's cases), and any short text of master data.
ACTION_TEXT_KEYS = {
    "meeting.participant_add": {"name"},
    "meeting.participant_remove": {"name"},
    "meeting.pledge_record": {"name"},
}
PAGE_LABELS = {
    "detail": "詳細",
    "edit": "編集",
    "compare": "版の比較",
    "evaluation": "評価",
    "evaluation_create": "評価の記録",
    "member_add": "世帯員の追加",
    "member_edit": "世帯員の変更",
    "case_create": "ケースの開始",
    "consultation_create": "相談受付の記録",
    "person_create": "本人の登録",
    "household_create": "世帯の登録",
    "home": "ホーム",
    "consultation": "相談受付",
    "referral": "つなぎ",
    "duplicates": "重複の候補",
}


@dataclass(frozen=True)
class Detail:
    label: str
    text: str


def role_labels(codes: str) -> str:
    """`admin,coordinator` as 「システム管理者、コーディネーター（多機関協働）」."""
    labels = dict(Role.choices)
    return "、".join(str(labels.get(code, code)) for code in codes.split(",") if code)


def describe(action: str, object_type: str, details: Any) -> list[Detail]:
    """The details of one audit row as the auditor reads them."""
    if not isinstance(details, dict):
        return [Detail("詳細", RECORDED)] if details else []
    shown: list[Detail] = []
    changed: list[str] = []
    values_allowed = action.startswith(VALUE_ACTIONS)
    for key, value in details.items():
        if key in FIELD_KEYS:
            names = (
                value if isinstance(value, list) else list(value) if isinstance(value, dict) else []
            )
            changed += [_field_label(object_type, str(name)) for name in names]
        elif _is_pair(value) and (values_allowed or key not in SAFE_KEYS):
            if values_allowed:
                label = SAFE_KEYS.get(key) or _field_label(object_type, key)
                shown.append(Detail(label, _pair_text(value)))
            else:
                changed.append(_field_label(object_type, key))
        elif key == "criteria" and isinstance(value, list) and action != "case.transition":
            text = "、".join(CRITERIA_LABELS.get(str(name), str(name)) for name in value)
            shown.append(Detail(SAFE_KEYS[key], text or "なし"))
        elif key in SAFE_KEYS and _is_plain(key, value, action):
            shown.append(
                Detail(
                    _label(action, key),
                    _text(PAGE_LABELS.get(value, value) if key == "page" else value),
                )
            )
        else:
            label = SAFE_KEYS.get(key) or CRITERIA_LABELS.get(key) or _field_label(object_type, key)
            shown.append(Detail(label, RECORDED))
    if changed:
        shown.insert(0, Detail("変更した項目", "、".join(dict.fromkeys(changed))))
    return shown


def _label(action: str, key: str) -> str:
    return ACTION_LABELS.get(action, {}).get(key) or SAFE_KEYS[key]


def _is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


def _is_plain(key: str, value: Any, action: str = "") -> bool:
    """Numbers, yes/no, ids and short codes; Japanese text only for the keys that hold
    system text or staff and organisation names (`TEXT_KEYS`, `ACTION_TEXT_KEYS`) and on
    master data."""
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, list):
        return all(_is_plain(key, item, action) for item in value)
    if isinstance(value, str):
        text_allowed = key in TEXT_KEYS or key in ACTION_TEXT_KEYS.get(action, ())
        if text_allowed or action.startswith(VALUE_ACTIONS):
            return len(value) <= MAX_TEXT_LENGTH and "\n" not in value
        return _CODE.fullmatch(value) is not None
    return False


def _text(value: Any) -> str:
    if value is None:
        return "なし"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list):
        return "、".join(_text(item) for item in value) or "なし"
    return str(value)


def _pair_text(value: list[Any]) -> str:
    return f"{_text(value[0])} → {_text(value[1])}"


def _field_label(object_type: str, name: str) -> str:
    """A field's verbose name on the audited record's model or another model of its app (a
    plan's fields on a case's row), or the name itself."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    models = apps.get_models()
    home = [model for model in models if model._meta.model_name == object_type]
    if home:
        app_label = home[0]._meta.app_label
        home += [model for model in models if model._meta.app_label == app_label]
    for model in home:
        try:
            return str(getattr(model._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:
            continue
    return name


# Fields of records a change names through its case (plans, assessments) or not on a model.
FIELD_LABELS = {
    "goal": "本人の目標",
    "direction": "支援の方向性",
    "items": "支援の内容",
    "monitoring_on": "モニタリング日",
    "issues": "課題",
    "person_wish": "本人の思い",
    "participation": "参加支援",
    "outreach": "アウトリーチ",
    "consent_on": "同意日",
}
