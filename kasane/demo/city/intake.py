"""The named consultations (相談受付) and つなぐシート."""

from __future__ import annotations

from typing import Any

# The named consultations (相談受付) and つなぐシート of the contract. Times are relative to the
# load: `days_ago` (and `business_days_ago`) go back to a business day at `time`, `hours_ago`
# counts back from the moment of loading, `before_meeting` goes `business_days` back from the
# day of a named meeting (MEETINGS). People are named as "氏 名" within a named household.
# A consultation passed to coordination may say how its request was `acknowledged` and linked
# (`link_person`), like a sheet.

CONSULTATIONS: list[dict[str, Any]] = [
    {
        "by": "houkatsu",
        "household": "鈴木家",
        "person": "鈴木 ハナ",
        "received": {"days_ago": 60, "time": "10:15"},
        "route": "visit",
        "consulter_relation": "welfare_volunteer",
        "consulter_name": "東町担当の民生委員",
        "summary": (
            "民生委員が来所。鈴木ハナさん（80代）が最近物忘れが多く、同じ物を何度も買っている"
            "と近所の人から聞いた。同居の長男は何年も外に出ておらず、近所付き合いもない。"
            "母が倒れたら長男はどうなるのか心配だ、とのこと。"
        ),
        "consent": "unknown",
        "issues": ["介護", "家族との関係", "社会的孤立"],
        "main_issue": "介護",
        "outcome": "handled",
        "outcome_note": "近日中に自宅を訪問し、本人と長男の様子を確認することにした。",
    },
    {
        "by": "houkatsu",
        "household": "鈴木家",
        "person": "鈴木 ハナ",
        "received": {"days_ago": 1, "time": "15:00"},
        "route": "home_visit",
        "consulter_relation": "self",
        "consulter_name": "鈴木 ハナ",
        "summary": (
            "自宅を訪問。本人は「息子のことが心配。私がいなくなったらどうなるのか」と話す。"
            "冷蔵庫に期限切れの食品が多く、服薬の飲み忘れもある。長男は自室から出てこず、"
            "会えなかった。税の滞納の通知が届いているとのこと。"
        ),
        "consent": "written",
        "issues": ["介護", "ひきこもり・不登校", "家族との関係"],
        "main_issue": "介護",
        "outcome": "to_coordination",
        "outcome_note": (
            "本人が書面で同意した。支援会議で見守りを分担している8050の世帯として、"
            "長男への支援も含めた多機関協働での検討を依頼する。"
        ),
    },
    {
        "by": "kosodate",
        "household": "髙橋家",
        "person": "髙橋 美咲",
        "received": {"hours_ago": 2},
        "route": "agency",
        "consulter_relation": "agency",
        "consulter_name": "県立デモ高校 担任",
        "summary": (
            "担任から電話。美咲さんが3日間登校しておらず、本人の携帯にも母の携帯にも連絡が"
            "つかない。昨日家庭訪問したが応答がなかった。母は精神疾患で通院中と聞いている。"
        ),
        "urgent_signs": ["safety_check"],
        "consent": "unknown",
        "issues": ["ひきこもり・不登校", "介護", "メンタルヘルス"],
        "main_issue": "ひきこもり・不登校",
        "outcome": "handled",
        "outcome_note": "本日中に家庭訪問して安否を確認する。会えなければ警察に相談する。",
    },
    # Issue 6: passed to coordination in the week before the チーム会議 that screened it.
    {
        "by": "shougai",
        "household": "原田家",
        "person": "原田 康平",
        "received": {"before_meeting": "週次チーム会議", "business_days": 4, "time": "16:10"},
        "route": "visit",
        "consulter_relation": "family",
        "consulter_name": "原田 修（父）",
        "summary": (
            "康平さん（40代、知的障害）の父・修さん（70代）が来所。来月から肺がんの治療で"
            "入院することになった。母は3年前に亡くなり、康平さんのお金の管理や通院の付き添いは"
            "修さんが一人で担ってきた。入院中と退院後の康平さんの暮らし、家のお金のことが"
            "心配とのこと。"
        ),
        "consent": "written",
        "issues": ["障害", "病気や健康", "家計管理の課題", "家族との関係"],
        "main_issue": "障害",
        "outcome": "to_coordination",
        "outcome_note": (
            "父の治療、長男の暮らし、家計の課題が重なり、障害の支援だけでは足りない。"
            "多機関協働に依頼する。父子ともに書面で同意済み。"
        ),
        "acknowledged": {"by": "coordinator", "business_days_later": 1, "time": "10:20"},
        "link_person": ("原田家", "原田 康平"),
    },
]

# The named つなぐシート (sent to coordination). `acknowledged` is the receiver's 受理, a number
# of business days after sending, and `link_person` the record the receiver linked it to.
# `test_demo` expects one sheet per referrer (`zeimu`, `suido`): new sheets come from others.
SHEETS: list[dict[str, Any]] = [
    {
        "by": "zeimu",
        "sent": {"days_ago": 56, "time": "14:30"},
        "subject_name": "鈴木 一郎",
        "subject_kana": "スズキ イチロウ",
        "subject_contact": "デモ市東町1丁目2-3",
        "reason": (
            "市民税の滞納が2年以上続いている。催告書に反応がなく、自宅を訪問しても本人が"
            "出てこない。応対した母（80代）は「息子は部屋から出てこない」と話し、母自身も"
            "足元がおぼつかない様子だった。納付の話の前に、生活の支えが要る世帯だと思う。"
        ),
        "consent": "unconfirmed",
        "urgency": "normal",
        "acknowledged": {"by": "coordinator", "business_days_later": 1, "time": "09:40"},
        "link_person": ("鈴木家", "鈴木 一郎"),
    },
    {
        "by": "suido",
        # Overdue whatever day the demo is loaded (the default is 2 business days).
        "sent": {"days_ago": 6, "business_days_ago": 4, "time": "11:20"},
        "subject_name": "山本 勇",
        "subject_kana": "ヤマモト イサム",
        "subject_contact": "デモ市北町2丁目7-1",
        "reason": (
            "水道料金が1年近く未払い。検針のたびに呼び鈴を押しても応答がない。近隣から"
            "「異臭がする」「郵便受けがあふれている」との情報があった。停水の手続きに進む前に、"
            "福祉の支援が必要な方ではないかと思い、つなぎます。"
        ),
        "consent": "unconfirmed",
        "urgency": "soon",
        "acknowledged": None,
        "link_person": None,
    },
    # Issue 6: sent in the week before the チーム会議 that screened it.
    {
        "by": "chiiki",
        "sent": {"before_meeting": "週次チーム会議", "business_days": 2, "time": "15:40"},
        "subject_name": "大塚 フミ",
        "subject_kana": "オオツカ フミ",
        "subject_contact": "デモ市桜台2丁目3-15",
        "reason": (
            "桜台のふれあいサロンに毎週来ていた大塚さん（80代、一人暮らし）が、この1か月"
            "来ていない。サロンの世話役が訪ねると「足が痛くて出かけるのがおっくう」と話し、"
            "部屋に洗濯物や新聞がたまっていたそうだ。本人は「誰かに相談したい」と話しており、"
            "つなぐことに同意している。"
        ),
        "consent": "agreed",
        "urgency": "normal",
        "acknowledged": {"by": "coordinator", "business_days_later": 1, "time": "09:15"},
        "link_person": ("大塚家", "大塚 フミ"),
    },
]
