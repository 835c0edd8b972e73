"""What Kasane tells people about (お知らせの種類), in one list.

Each kind names what happened in words that carry no personal data: the notice links to the
record, and the record's page applies the access rules when it is opened. Who receives each
kind is decided in `rules.py`; how a user wants to hear of it in their preferences
(`NoticePreference`), within what the admin allows (`KindSetting`).
"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", "つなぎが届いた"
    REFERRAL_STATUS = "referral_status", "送ったつなぎ・つなぐシートの状況が変わった"
    URGENT_CONSULTATION = "urgent_consultation", "緊急の相談が届いた"
    URGENT_REFERRAL_OVERDUE = "urgent_referral_overdue", "緊急のつなぎが受理の期限を過ぎた"
    CASE_TEAM = "case_team", "ケースの主担当・チームへの参加・離脱"
    MEETING = "meeting", "会議の招集・日時の変更・中止"
    MEETING_TASK = "meeting_task", "会議の決定による役割"
    PLAN_ROLE = "plan_role", "承認された支援プランで担うこと"
    TASK_DUE = "task_due", "自分の対応の期日・期限切れ"
    CONSENT_WITHDRAWN = "consent_withdrawn", "同意の撤回"
    OUTREACH_OVERDUE = "outreach_overdue", "担当する見守り対象の訪問予定日が過ぎた"
    OUTREACH_ALERT = "outreach_alert", "長く会えない・安否が確認できない見守り対象"
    BREAK_GLASS = "break_glass", "緊急時の閲覧があった"
    RESTRICTION_PROPOSED = "restriction_proposed", "閲覧制限の閲覧許可の申請（承認待ち）"


# Urgent kinds: on by default for everyone, and the admin cannot let users turn them off.
URGENT_KINDS = frozenset({Kind.URGENT_CONSULTATION, Kind.URGENT_REFERRAL_OVERDUE})

# Kinds a user may not turn off unless the admin says otherwise (KindSetting).
REQUIRED_BY_DEFAULT = URGENT_KINDS

# The kinds an organisation's chat webhook may carry: urgent matters only.
CHAT_KINDS = URGENT_KINDS

# What the chat message says for each chat kind: no name, no address, no free text.
CHAT_TEXT = {
    Kind.URGENT_CONSULTATION: "緊急の相談が1件あります",
    Kind.URGENT_REFERRAL_OVERDUE: "受理の期限を過ぎた緊急のつなぎが1件あります",
}


class Mode(models.TextChoices):
    """How a user hears of one kind."""

    OFF = "off", "通知しない"
    APP = "app", "お知らせのみ"
    SUMMARY = "summary", "お知らせ＋日次まとめ"


class TargetType(models.TextChoices):
    """What a notice links to. The link opens through the access rules of its record."""

    CONSULTATION = "consultation", "相談受付"
    REFERRAL = "referral", "つなぎ"
    SENT_REFERRAL = "sent_referral", "送ったつなぎ"
    CASE = "case", "支援ケース"
    MEETING = "meeting", "会議"
    OUTREACH_TARGET = "outreach_target", "アウトリーチ対象"
    BREAK_GLASS = "break_glass", "緊急時の閲覧"
    # The register page of one restricted person (name and organisation only).
    RESTRICTED_PERSON = "restricted_person", "閲覧制限の許可"
