"""デモ市's committees, their members, the register of resident helpers and a year of activities
(issue 17, "activities"). Every name is fictional.

Contract: the four 圏域's committees are named exactly 「東圏域福祉のまちづくり委員会」 …
「北圏域福祉のまちづくり委員会」 (another loader may create them too: both get them by name);
東圏域's 住民懇談会 of the previous fiscal year (15 November) is the one where its 地域ビジョン
was agreed. Dates are relative to the day the demo is loaded (months and days ago), so the
year of activities stays current; the previous year's 住民懇談会 is dated in the fiscal year
before the current one."""

from __future__ import annotations

from typing import Any

# name → (kind, area, secretariat)
COMMITTEES: dict[str, tuple[str, str, str]] = {
    "東圏域福祉のまちづくり委員会": ("town_planning", "東圏域", "生活支援コーディネーター 東圏域"),
    "西圏域福祉のまちづくり委員会": ("town_planning", "西圏域", "社会福祉協議会"),
    "南圏域福祉のまちづくり委員会": ("town_planning", "南圏域", "社会福祉協議会"),
    "北圏域福祉のまちづくり委員会": ("town_planning", "北圏域", "社会福祉協議会"),
    "旭地区福祉委員会": ("district", "旭地区", "社会福祉協議会"),
}
EAST_COMMITTEE = "東圏域福祉のまちづくり委員会"

# committee → [(name, kana, role, affiliation, term start days ago, term ended days ago or None,
# つなぐシート連絡員)]
MEMBERS: dict[str, list[tuple[str, str, str, str, int, int | None, bool]]] = {
    "東圏域福祉のまちづくり委員会": [
        ("上田 幸子", "うえだ さちこ", "委員長", "旭町会長", 600, None, False),
        ("村井 健司", "むらい けんじ", "副委員長", "民生委員", 600, None, True),
        ("岡 真由美", "おか まゆみ", "委員", "福祉カレッジ修了生", 400, None, True),
        ("西川 徹", "にしかわ とおる", "委員", "東地域包括支援センター", 600, None, False),
        ("杉本 和夫", "すぎもと かずお", "委員", "桜台町会", 1200, 200, False),
    ],
    "西圏域福祉のまちづくり委員会": [
        ("大野 恵美", "おおの えみ", "委員長", "西町会長", 500, None, False),
        ("平田 修", "ひらた おさむ", "副委員長", "民生委員", 500, None, True),
        ("谷口 由紀子", "たにぐち ゆきこ", "委員", "福祉カレッジ修了生", 300, None, False),
        ("三浦 大樹", "みうら だいき", "委員", "西地域包括支援センター", 500, None, False),
    ],
    "南圏域福祉のまちづくり委員会": [
        ("酒井 典子", "さかい のりこ", "委員長", "南町会長", 700, None, False),
        ("藤田 勝", "ふじた まさる", "副委員長", "民生委員", 700, None, True),
        ("石田 明美", "いしだ あけみ", "委員", "福祉カレッジ修了生", 350, None, True),
        ("原 孝之", "はら たかゆき", "委員", "みなと子ども食堂", 350, None, False),
        ("河野 正", "こうの ただし", "委員", "港町会", 1100, 100, False),
    ],
    "北圏域福祉のまちづくり委員会": [
        ("小川 静香", "おがわ しずか", "委員長", "北町連合町内会", 650, None, False),
        ("松田 隆", "まつだ たかし", "副委員長", "民生委員", 650, None, True),
        ("中島 彩花", "なかじま あやか", "委員", "福祉カレッジ修了生", 250, None, False),
        ("前田 悟", "まえだ さとる", "委員", "北地域包括支援センター", 650, None, False),
    ],
    "旭地区福祉委員会": [
        ("安藤 良子", "あんどう よしこ", "委員長", "旭町1丁目町会", 800, None, False),
        ("久保 昭", "くぼ あきら", "委員", "民生委員", 800, None, True),
        ("野口 文子", "のぐち ふみこ", "委員", "老人クラブ", 800, None, False),
        ("菅原 真一", "すがわら しんいち", "委員", "福祉カレッジ修了生", 300, None, False),
    ],
}

# (name, kana, kind, area, can do, days ("0" = Monday), times, phone, registered days ago)
HELPERS: list[tuple[str, str, str, str, str, list[str], str, str, int]] = [
    (
        "岡 真由美",
        "おか まゆみ",
        "college",
        "旭町2丁目",
        "サロンの受付、話し相手",
        ["2", "4"],
        "午前",
        "000-700-0001",
        400,
    ),
    (
        "森本 清",
        "もりもと きよし",
        "college",
        "旭町1丁目",
        "体操の補助、送迎の付き添い",
        ["2"],
        "10時〜12時",
        "000-700-0002",
        380,
    ),
    (
        "坂本 紀子",
        "さかもと のりこ",
        "supporter",
        "東町1丁目",
        "子ども食堂の調理",
        ["4", "5"],
        "夕方",
        "000-700-0003",
        300,
    ),
    (
        "高田 亮",
        "たかだ りょう",
        "volunteer",
        "桜台2丁目",
        "学習支援、パソコン",
        ["1", "3"],
        "夜",
        "000-700-0004",
        200,
    ),
    (
        "永井 節子",
        "ながい せつこ",
        "college",
        "桜台1丁目",
        "見守り訪問、電話での声かけ",
        ["0", "2", "4"],
        "日中",
        "000-700-0005",
        500,
    ),
    (
        "谷口 由紀子",
        "たにぐち ゆきこ",
        "college",
        "西町1丁目",
        "サロンの企画、手芸",
        ["1", "3"],
        "午後",
        "000-700-0006",
        300,
    ),
    (
        "島田 浩",
        "しまだ ひろし",
        "supporter",
        "西町2丁目",
        "買い物の付き添い",
        ["0", "1"],
        "午前",
        "000-700-0007",
        250,
    ),
    (
        "吉村 陽子",
        "よしむら ようこ",
        "volunteer",
        "緑ヶ丘1丁目",
        "介護者カフェの受付",
        ["5"],
        "午後",
        "000-700-0008",
        150,
    ),
    (
        "新井 誠",
        "あらい まこと",
        "supporter",
        "緑ヶ丘2丁目",
        "畑の作業、力仕事",
        ["5", "6"],
        "午前",
        "000-700-0009",
        120,
    ),
    (
        "石田 明美",
        "いしだ あけみ",
        "college",
        "南町3丁目",
        "百歳体操の世話役",
        ["0", "3"],
        "午前",
        "000-700-0010",
        350,
    ),
    (
        "工藤 勇",
        "くどう いさむ",
        "college",
        "南町5丁目",
        "ごみ出しの手伝い、見守り",
        ["0", "2", "4"],
        "朝",
        "000-700-0011",
        330,
    ),
    (
        "渡部 和子",
        "わたなべ かずこ",
        "supporter",
        "港町1丁目",
        "子ども食堂の配膳",
        ["2"],
        "夕方",
        "000-700-0012",
        210,
    ),
    (
        "栗田 智也",
        "くりた ともや",
        "volunteer",
        "港町2丁目",
        "朝市の設営",
        ["6"],
        "早朝",
        "000-700-0013",
        90,
    ),
    ("大塚 美穂", "おおつか みほ", "other", "南町8丁目", "傾聴", ["1"], "午後", "000-700-0014", 60),
    (
        "中島 彩花",
        "なかじま あやか",
        "college",
        "北町1丁目",
        "若者の居場所づくり、SNS",
        ["5", "6"],
        "夜・週末",
        "000-700-0015",
        250,
    ),
    (
        "堀 俊介",
        "ほり しゅんすけ",
        "supporter",
        "北町2丁目",
        "サロンの送迎（運転）",
        ["2"],
        "午前",
        "000-700-0016",
        270,
    ),
    (
        "関 ひとみ",
        "せき ひとみ",
        "college",
        "北町3丁目",
        "見守り、話し相手",
        ["0", "2"],
        "日中",
        "000-700-0017",
        420,
    ),
    (
        "桑原 実",
        "くわはら みのる",
        "volunteer",
        "山手1丁目",
        "通いの場の準備",
        ["1", "3"],
        "午前",
        "000-700-0018",
        180,
    ),
    (
        "浅野 里美",
        "あさの さとみ",
        "supporter",
        "山手2丁目",
        "介護者カフェのお茶出し",
        ["3"],
        "午後",
        "000-700-0019",
        140,
    ),
    (
        "片山 英二",
        "かたやま えいじ",
        "other",
        "北町1丁目",
        "大工仕事、修理",
        [],
        "相談して",
        "000-700-0020",
        30,
    ),
]

# (helper, service, role, started days ago)
HELPER_MATCHES: list[tuple[str, str, str, int]] = [
    ("岡 真由美", "旭町いきいきサロン", "受付・話し相手", 300),
    ("森本 清", "旭町いきいきサロン", "体操の補助", 200),
    ("谷口 由紀子", "西町ふれあいサロン", "企画・手芸の講師", 150),
    ("石田 明美", "南町いきいき百歳体操", "世話役", 250),
    ("関 ひとみ", "北町ふれあいサロン", "話し相手", 90),
]

# 居場所 opened monthly for the last twelve months: (service, area, participants, new, the
# day of the month before today it is held on (days before the same day n months ago)).
GATHERINGS: list[tuple[str, str, int, int, int]] = [
    ("旭町いきいきサロン", "旭町1丁目", 18, 2, 3),
    ("西町ふれあいサロン", "西町1丁目", 14, 1, 6),
    ("北町ふれあいサロン", "北町1丁目", 12, 1, 9),
]
GATHERING_ORGANIZATIONS = ["社会福祉協議会", "民生委員児童委員協議会"]

# Other activities: (title, kind, area, committee or "", days ago, participants, new,
# organisations, place text)
ACTIVITIES: list[dict[str, Any]] = [
    {
        "title": "西圏域 住民懇談会",
        "kind": "residents_meeting",
        "area": "西圏域",
        "committee": "西圏域福祉のまちづくり委員会",
        "days_ago": 200,
        "participants": 42,
        "new": 15,
        "organizations": ["社会福祉協議会", "西地域包括支援センター", "民生委員児童委員協議会"],
        "place": "西町会館",
    },
    {
        "title": "南圏域 住民懇談会",
        "kind": "residents_meeting",
        "area": "南圏域",
        "committee": "南圏域福祉のまちづくり委員会",
        "days_ago": 150,
        "participants": 36,
        "new": 12,
        "organizations": ["社会福祉協議会", "南地域包括支援センター"],
        "place": "南町コミュニティセンター",
    },
    {
        "title": "北圏域 住民懇談会",
        "kind": "residents_meeting",
        "area": "北圏域",
        "committee": "北圏域福祉のまちづくり委員会",
        "days_ago": 100,
        "participants": 28,
        "new": 10,
        "organizations": ["社会福祉協議会", "北地域包括支援センター", "北地域振興センター"],
        "place": "北町集会所",
    },
    {
        "title": "東圏域 住民懇談会（ビジョンのふりかえり）",
        "kind": "residents_meeting",
        "area": "東圏域",
        "committee": "東圏域福祉のまちづくり委員会",
        "days_ago": 60,
        "participants": 38,
        "new": 9,
        "organizations": ["生活支援コーディネーター 東圏域", "東地域包括支援センター"],
        "place": "旭町会館",
    },
    {
        "title": "福祉カレッジ 第1回「地域を知る」",
        "kind": "course",
        "area": "東圏域",
        "committee": "",
        "days_ago": 240,
        "participants": 25,
        "new": 20,
        "organizations": ["社会福祉協議会"],
        "place": "デモ市総合福祉センター",
    },
    {
        "title": "福祉カレッジ 第2回「話を聴く」",
        "kind": "course",
        "area": "東圏域",
        "committee": "",
        "days_ago": 210,
        "participants": 23,
        "new": 0,
        "organizations": ["社会福祉協議会", "障害者基幹相談支援センター"],
        "place": "デモ市総合福祉センター",
    },
    {
        "title": "認知症サポーター養成講座（南町）",
        "kind": "course",
        "area": "南圏域",
        "committee": "",
        "days_ago": 80,
        "participants": 30,
        "new": 18,
        "organizations": ["南地域包括支援センター"],
        "place": "南町コミュニティセンター",
    },
]
# Committee meetings: each committee meets every `COMMITTEE_EVERY_DAYS` days, from
# `COMMITTEE_FIRST_DAYS_AGO` days ago to now.
COMMITTEE_FIRST_DAYS_AGO = 330
COMMITTEE_EVERY_DAYS = 90
COMMITTEE_PARTICIPANTS = 12

# 東圏域's 住民懇談会 of the previous fiscal year, where the vision was agreed: 15 November of
# the fiscal year before the current one.
EAST_VISION_MEETING: dict[str, Any] = {
    "title": "東圏域 住民懇談会",
    "kind": "residents_meeting",
    "area": "東圏域",
    "committee": EAST_COMMITTEE,
    "month_day": (11, 15),
    "participants": 45,
    "new": 20,
    "organizations": [
        "生活支援コーディネーター 東圏域",
        "東地域包括支援センター",
        "社会福祉協議会",
        "民生委員児童委員協議会",
    ],
    "place": "旭町会館",
    "note": "地域ビジョンを住民と話し合い、合意した。",
}
