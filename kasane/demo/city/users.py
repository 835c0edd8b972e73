"""The demo users: one per role, each in a named organisation. README lists them."""

from __future__ import annotations

from kasane.accounts.roles import Role

# username → (full name, organisation, roles)
USERS = {
    "admin": ("石川 健一", "重層的支援推進課", [Role.ADMIN]),
    "coordinator": ("中村 真理", "重層的支援推進課", [Role.COORDINATOR]),
    "houkatsu": ("小林 直子", "東地域包括支援センター", [Role.CONSULTANT]),
    "shougai": ("加藤 大輔", "障害者基幹相談支援センター", [Role.CONSULTANT]),
    "kosodate": ("吉田 彩", "こども家庭センター", [Role.CONSULTANT]),
    "jiritsu": ("山口 翔太", "自立相談支援機関", [Role.CONSULTANT]),
    "csw": ("松本 恵子", "社会福祉協議会", [Role.OUTREACH_WORKER]),
    "sanka": ("井上 拓也", "社会福祉協議会", [Role.PARTICIPATION_COORDINATOR]),
    "chiiki": ("木村 さとみ", "生活支援コーディネーター 東圏域", [Role.COMMUNITY_WORKER]),
    "zeimu": ("林 誠", "税務課", [Role.REFERRER]),
    "suido": ("清水 浩", "上下水道局", [Role.REFERRER]),
    "keisatsu": ("山崎 剛", "デモ警察署", [Role.MEETING_GUEST]),
    "outsider": ("森 由紀", "西地域包括支援センター", [Role.CONSULTANT]),
    "kansa": ("池田 修", "情報政策課", [Role.AUDITOR]),
}

# 2段階認証 in the demo (issue 19): the auditor shows it; every other demo user logs in with the
# password alone. The secret is public (README): add it to an authenticator app by hand
# (「セットアップキーを入力」, time-based) to log in as kansa. Base32, 20 bytes.
TWO_FACTOR_SECRETS = {"kansa": "KASANEDEMOKANSATOTPSECRETFORDEMO"}
