from django.db import models


class Role(models.TextChoices):
    """The roles of DOMAIN.md §2. A user may hold several."""

    ADMIN = "admin", "システム管理者"
    COORDINATOR = "coordinator", "コーディネーター（多機関協働）"
    CONSULTANT = "consultant", "相談支援員"
    OUTREACH_WORKER = "outreach_worker", "アウトリーチ支援員"
    PARTICIPATION_COORDINATOR = "participation_coordinator", "参加支援コーディネーター"
    COMMUNITY_WORKER = "community_worker", "地域づくり担当"
    REFERRER = "referrer", "つなぐシート連絡員"
    MEETING_GUEST = "meeting_guest", "会議参加者（外部）"
    AUDITOR = "auditor", "監査担当"


ROLE_DESCRIPTIONS = {
    Role.ADMIN: "支援関係機関・地域・利用者・コード表・設定の管理（相談・ケースの内容は見ない）",
    Role.COORDINATOR: "多機関協働ケースの全件把握、つなぐシートの受付、会議の招集",
    Role.CONSULTANT: "相談受付と自機関・チーム参加ケースの支援",
    Role.OUTREACH_WORKER: "担当ケースのアウトリーチ記録",
    Role.PARTICIPATION_COORDINATOR: "社会資源、マッチング、参加支援の記録",
    Role.COMMUNITY_WORKER: "社会資源、地域プロフィール、地域課題（個別ケースは見られません）",
    Role.REFERRER: "つなぐシートの送付と、その対応状況の確認のみ",
    Role.MEETING_GUEST: "誓約のうえ、参加する支援会議の議題ケースの要約を期間内のみ閲覧",
    Role.AUDITOR: "監査ログの閲覧（ケースの内容は見られません）",
}
