"""The named households and their people: the residents the issues and tests speak of."""

from __future__ import annotations

from typing import TypedDict


class MemberExtra(TypedDict, total=False):
    care_level: str
    notes: str
    phone: str
    key: bool  # キーパーソン
    carer: bool  # 主たる介護者
    consent: str  # "written" or "oral"; "refused" (asked, did not consent: 同意なし)
    restricted: list[str]  # 閲覧制限: the usernames granted to see through it


# (氏, 名, 氏カナ, 名カナ, sex, birth date, relation, relation label, extra)
Member = tuple[str, str, str, str, str, str, str, str, MemberExtra]


class HouseholdSpec(TypedDict):
    by: str  # the username that registers it
    name: str
    town: str
    address: str
    postal_code: str
    tags: list[str]
    members: list[Member]


# The named households (issue 3). Each: registered by (username), household name, town, address,
# tags, and members as (氏, 名, 氏カナ, 名カナ, sex, birth date, relation, relation label, extra).
# `extra` may set care_level, notes, phone, key (キーパーソン), carer (主たる介護者),
# consent ("written"/"oral", or "refused": asked and did not consent), restricted (閲覧制限,
# with the users granted to see through it).
HOUSEHOLDS: list[HouseholdSpec] = [
    {
        "by": "houkatsu",
        "name": "鈴木家",
        "town": "東町1丁目",
        "address": "デモ市東町1丁目2-3",
        "postal_code": "0000101",
        "tags": ["8050", "hikikomori"],
        "members": [
            (
                "鈴木",
                "ハナ",
                "スズキ",
                "ハナ",
                "female",
                "1943-05-12",
                "self",
                "本人",
                {
                    "care_level": "care_1",
                    "key": True,
                    "consent": "written",
                    "notes": "要介護1。長男と二人暮らし。",
                    "phone": "000-201-1234",
                },
            ),
            (
                "鈴木",
                "一郎",
                "スズキ",
                "イチロウ",
                "male",
                "1971-08-03",
                "child",
                "長男",
                {
                    "notes": "ひきこもり（20年以上）。本人の同意は得られていない。",
                    "consent": "refused",
                },
            ),
        ],
    },
    {
        "by": "kosodate",
        "name": "田中家",
        "town": "緑ヶ丘1丁目",
        "address": "デモ市緑ヶ丘1丁目5-8",
        "postal_code": "0000201",
        "tags": ["double_care"],
        "members": [
            (
                "田中",
                "由美",
                "タナカ",
                "ユミ",
                "female",
                "1984-02-20",
                "self",
                "本人",
                {
                    "key": True,
                    "carer": True,
                    "consent": "written",
                    "phone": "090-0000-1984",
                    "notes": "母の介護と子育てを一人で担っている（ダブルケア）。",
                },
            ),
            (
                "田中",
                "トシ",
                "タナカ",
                "トシ",
                "female",
                "1948-07-15",
                "mother",
                "母",
                {"care_level": "care_3", "consent": "written"},
            ),
            (
                "田中",
                "陽斗",
                "タナカ",
                "ハルト",
                "male",
                "2022-04-10",
                "child",
                "長男",
                {"consent": "written"},
            ),
        ],
    },
    {
        "by": "kosodate",
        "name": "髙橋家",
        "town": "港町1丁目",
        "address": "デモ市港町1丁目4-2",
        "postal_code": "0000301",
        "tags": ["young_carer", "single_parent"],
        "members": [
            (
                "髙橋",
                "恵",
                "タカハシ",
                "メグミ",
                "female",
                "1978-09-09",
                "self",
                "本人",
                {"key": True, "notes": "精神疾患で通院中。家事が難しい日が多い。"},
            ),
            (
                "髙橋",
                "美咲",
                "タカハシ",
                "ミサキ",
                "female",
                "2009-06-18",
                "child",
                "長女",
                {"carer": True, "notes": "高校生。母の世話と家事を担っている（ヤングケアラー）。"},
            ),
        ],
    },
    {
        "by": "jiritsu",
        "name": "佐藤家",
        "town": "南町9丁目",
        "address": "デモ市南町9-9-9",
        "postal_code": "0000409",
        "tags": ["single_parent"],
        "members": [
            (
                "佐藤",
                "さくら",
                "サトウ",
                "サクラ",
                "female",
                "1990-03-03",
                "self",
                "本人",
                {
                    "key": True,
                    "phone": "090-9999-0009",
                    "restricted": ["jiritsu"],
                    "notes": "DV等支援措置の対象。住所・電話は許可された担当者以外に見せない。",
                },
            ),
            (
                "佐藤",
                "ひなた",
                "サトウ",
                "ヒナタ",
                "female",
                "2019-10-10",
                "child",
                "長女",
                {"restricted": ["jiritsu"]},
            ),
        ],
    },
    {
        "by": "csw",
        "name": "山本家",
        "town": "北町2丁目",
        "address": "デモ市北町2丁目7-1",
        "postal_code": "0000501",
        "tags": ["elderly_only", "living_alone"],
        "members": [
            (
                "山本",
                "勇",
                "ヤマモト",
                "イサム",
                "male",
                "1951-01-25",
                "self",
                "本人",
                {
                    "key": True,
                    "notes": "独居。セルフネグレクト、ごみ屋敷の疑い（近隣から異臭の情報）。",
                },
            ),
        ],
    },
    # Issue 5: the person of the earlier case that ended in つなぎ戻し to 東地域包括.
    {
        "by": "houkatsu",
        "name": "小川家",
        "town": "旭町2丁目",
        "address": "デモ市旭町2丁目8-14",
        "postal_code": "0000102",
        "tags": ["elderly_only", "living_alone"],
        "members": [
            (
                "小川",
                "キヨ",
                "オガワ",
                "キヨ",
                "female",
                "1938-11-03",
                "self",
                "本人",
                {
                    "key": True,
                    "care_level": "support_1",
                    "consent": "written",
                    "phone": "000-201-5678",
                    "notes": "独居。特殊詐欺の被害のあと、家計の管理が難しくなった。",
                },
            ),
        ],
    },
    # Issue 6: the two referrals of the past week that the チーム会議 screened.
    {
        "by": "shougai",
        "name": "原田家",
        "town": "南町3丁目",
        "address": "デモ市南町3丁目11-6",
        "postal_code": "0000403",
        "tags": [],
        "members": [
            (
                "原田",
                "修",
                "ハラダ",
                "オサム",
                "male",
                "1953-06-14",
                "self",
                "本人",
                {
                    "key": True,
                    "consent": "written",
                    "phone": "090-0000-5306",
                    "notes": "妻を3年前に亡くし、長男と二人暮らし。肺がんの治療で入院の予定。",
                },
            ),
            (
                "原田",
                "康平",
                "ハラダ",
                "コウヘイ",
                "male",
                "1984-10-02",
                "child",
                "長男",
                {
                    "consent": "written",
                    "notes": (
                        "知的障害（療育手帳B）。就労継続支援B型の事業所に通っている。"
                        "お金の管理と通院の付き添いは父が担ってきた。"
                    ),
                },
            ),
        ],
    },
    {
        "by": "houkatsu",
        "name": "大塚家",
        "town": "桜台2丁目",
        "address": "デモ市桜台2丁目3-15",
        "postal_code": "0000103",
        "tags": ["elderly_only", "living_alone"],
        "members": [
            (
                "大塚",
                "フミ",
                "オオツカ",
                "フミ",
                "female",
                "1941-02-08",
                "self",
                "本人",
                {
                    "key": True,
                    "care_level": "support_1",
                    "consent": "written",
                    "phone": "000-201-9012",
                    "notes": "独居。要支援1で、介護予防の体操教室と地域のサロンに通っていた。",
                },
            ),
        ],
    },
]
