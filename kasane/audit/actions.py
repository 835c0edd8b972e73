"""Every action the audit trail knows, with the label an auditor reads.

`audit_record` refuses an action that is not listed here, so the auditor's filter always
names every action that can appear.
"""

ACTIONS: dict[str, str] = {
    "auth.login": "ログイン",
    "auth.login_failed": "ログイン失敗",
    "auth.locked_out": "アカウントロック",
    "auth.logout": "ログアウト",
    "auth.password_change": "パスワード変更（本人）",
    "user.create": "利用者の登録",
    "user.update": "利用者の変更",
    "user.password_reset": "パスワード再設定（管理者）",
    "user.unlock": "ロック解除",
    "organization.create": "支援関係機関の登録",
    "organization.update": "支援関係機関の変更",
    "area.create": "地域の登録",
    "area.update": "地域の変更",
    "audit.search": "監査ログの検索",
    "demo.load": "デモデータの投入",
}

OBJECT_TYPES: dict[str, str] = {
    "user": "利用者",
    "organization": "支援関係機関",
    "area": "地域",
}
