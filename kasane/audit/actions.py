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
    "person.view": "本人の閲覧",
    "person.view_unmasked": "閲覧制限中の住所・電話の閲覧",
    "person.create": "本人の登録",
    "person.update": "本人の変更",
    "person.event": "転出・死亡の記録",
    "person.event_cancel": "転出・死亡の記録の取消",
    "person.restrict": "閲覧制限の設定",
    "person.unrestrict": "閲覧制限の解除",
    "person.restriction_grant": "閲覧制限の閲覧許可",
    "person.restriction_revoke": "閲覧制限の閲覧許可の取消",
    "person.link": "同一人物の連携",
    "person.unlink": "同一人物の連携解除",
    "person.search": "本人の検索",
    "person.hidden_match": "他機関が把握する人への一致（非表示）",
    "consent.record": "同意の記録",
    "consent.withdraw": "同意の撤回",
    "household.view": "世帯の閲覧",
    "household.view_unmasked": "閲覧制限中の世帯住所の閲覧",
    "household.create": "世帯の登録",
    "household.update": "世帯の変更",
    "household.member_add": "世帯員の追加",
    "household.member_update": "世帯員の変更",
    "household.member_leave": "世帯員の転出・離脱",
    "audit.search": "監査ログの検索",
    "demo.load": "デモデータの投入",
}

OBJECT_TYPES: dict[str, str] = {
    "user": "利用者",
    "organization": "支援関係機関",
    "area": "地域",
    "person": "本人",
    "household": "世帯",
}
