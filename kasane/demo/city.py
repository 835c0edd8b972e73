"""デモ市: the demo city. Its users and organisations are a contract that the issues and the
acceptance tests rely on: keep names, roles and facts stable as the demo grows."""

from __future__ import annotations

from kasane.accounts.roles import Role
from kasane.organizations.models import Field as F
from kasane.organizations.models import OrganizationKind as K
from kasane.organizations.models import Program as P

CITY = ("デモ市", "でもし", "000")

# 圏域 → 地区 → 町 (number of 丁目). Codes are SS-DD-TT.
SPHERES = [
    (
        "東圏域",
        "ひがしけんいき",
        [
            ("旭地区", "あさひちく", [("旭町", 3), ("東町", 2)]),
            ("桜台地区", "さくらだいちく", [("桜台", 3)]),
        ],
    ),
    (
        "西圏域",
        "にしけんいき",
        [
            ("西町地区", "にしまちちく", [("西町", 3)]),
            ("緑ヶ丘地区", "みどりがおかちく", [("緑ヶ丘", 2)]),
        ],
    ),
    (
        "南圏域",
        "みなみけんいき",
        [
            ("南町地区", "みなみまちちく", [("南町", 9)]),
            ("港地区", "みなとちく", [("港町", 2)]),
        ],
    ),
    (
        "北圏域",
        "きたけんいき",
        [
            ("北町地区", "きたまちちく", [("北町", 3)]),
            ("山手地区", "やまてちく", [("山手", 2)]),
        ],
    ),
]

CONSULTATION_WINDOW = [P.CONSULTATION]

# (name, kana, kind, fields, programs, area name or None, phone)
ORGANIZATIONS = [
    (
        "重層的支援推進課",
        "じゅうそうてきしえんすいしんか",
        K.CITY_DEPARTMENT,
        [F.OTHER],
        [P.COORDINATION, P.CONSULTATION],
        None,
        "000-100-0001",
    ),
    ("情報政策課", "じょうほうせいさくか", K.CITY_DEPARTMENT, [F.OTHER], [], None, "000-100-0002"),
    ("税務課", "ぜいむか", K.CITY_DEPARTMENT, [F.TAX], [], None, "000-100-0003"),
    (
        "国保年金課",
        "こくほねんきんか",
        K.CITY_DEPARTMENT,
        [F.TAX, F.HEALTH],
        [],
        None,
        "000-100-0004",
    ),
    ("住宅課", "じゅうたくか", K.CITY_DEPARTMENT, [F.HOUSING], [], None, "000-100-0005"),
    (
        "上下水道局",
        "じょうげすいどうきょく",
        K.CITY_DEPARTMENT,
        [F.LIFELINE],
        [],
        None,
        "000-100-0006",
    ),
    ("生活福祉課", "せいかつふくしか", K.CITY_DEPARTMENT, [F.POVERTY], [], None, "000-100-0007"),
    ("高齢介護課", "こうれいかいごか", K.CITY_DEPARTMENT, [F.ELDERLY], [], None, "000-100-0008"),
    (
        "障害福祉課",
        "しょうがいふくしか",
        K.CITY_DEPARTMENT,
        [F.DISABILITY],
        [],
        None,
        "000-100-0009",
    ),
    ("健康推進課", "けんこうすいしんか", K.CITY_DEPARTMENT, [F.HEALTH], [], None, "000-100-0010"),
    (
        "学校教育課",
        "がっこうきょういくか",
        K.CITY_DEPARTMENT,
        [F.EDUCATION],
        [],
        None,
        "000-100-0011",
    ),
    (
        "こども家庭センター",
        "こどもかていせんたー",
        K.CITY_DEPARTMENT,
        [F.CHILDREN],
        CONSULTATION_WINDOW,
        None,
        "000-100-0012",
    ),
    (
        "東地域振興センター",
        "ひがしちいきしんこうせんたー",
        K.CITY_DEPARTMENT,
        [F.OTHER],
        [P.COMMUNITY],
        "東圏域",
        "000-100-0013",
    ),
    (
        "北地域振興センター",
        "きたちいきしんこうせんたー",
        K.CITY_DEPARTMENT,
        [F.OTHER],
        [P.COMMUNITY],
        "北圏域",
        "000-100-0014",
    ),
    (
        "東地域包括支援センター",
        "ひがしちいきほうかつしえんせんたー",
        K.CONTRACTOR,
        [F.ELDERLY],
        CONSULTATION_WINDOW,
        "東圏域",
        "000-200-0001",
    ),
    (
        "西地域包括支援センター",
        "にしちいきほうかつしえんせんたー",
        K.CONTRACTOR,
        [F.ELDERLY],
        CONSULTATION_WINDOW,
        "西圏域",
        "000-200-0002",
    ),
    (
        "南地域包括支援センター",
        "みなみちいきほうかつしえんせんたー",
        K.CONTRACTOR,
        [F.ELDERLY],
        CONSULTATION_WINDOW,
        "南圏域",
        "000-200-0003",
    ),
    (
        "北地域包括支援センター",
        "きたちいきほうかつしえんせんたー",
        K.CONTRACTOR,
        [F.ELDERLY],
        CONSULTATION_WINDOW,
        "北圏域",
        "000-200-0004",
    ),
    (
        "障害者基幹相談支援センター",
        "しょうがいしゃきかんそうだんしえんせんたー",
        K.CONTRACTOR,
        [F.DISABILITY],
        CONSULTATION_WINDOW,
        None,
        "000-200-0005",
    ),
    (
        "自立相談支援機関",
        "じりつそうだんしえんきかん",
        K.CONTRACTOR,
        [F.POVERTY, F.EMPLOYMENT],
        CONSULTATION_WINDOW,
        None,
        "000-200-0006",
    ),
    (
        "社会福祉協議会",
        "しゃかいふくしきょうぎかい",
        K.SOCIAL_WELFARE_COUNCIL,
        [F.ELDERLY, F.DISABILITY, F.CHILDREN, F.POVERTY],
        [P.OUTREACH, P.PARTICIPATION, P.COMMUNITY],
        None,
        "000-300-0001",
    ),
    (
        "生活支援コーディネーター 東圏域",
        "せいかつしえんこーでぃねーたー ひがしけんいき",
        K.SOCIAL_WELFARE_COUNCIL,
        [F.ELDERLY],
        [P.COMMUNITY],
        "東圏域",
        "000-300-0002",
    ),
    (
        "民生委員児童委員協議会",
        "みんせいいいんじどういいんきょうぎかい",
        K.COMMUNITY_GROUP,
        [F.ELDERLY, F.CHILDREN],
        [P.COMMUNITY],
        None,
        "000-300-0003",
    ),
    ("デモ警察署", "でもけいさつしょ", K.OTHER, [F.JUSTICE], [], None, "000-400-0001"),
    (
        "デモ法律相談センター",
        "でもほうりつそうだんせんたー",
        K.OTHER,
        [F.JUSTICE],
        [],
        None,
        "000-400-0002",
    ),
    (
        "デモ電力 お客さまセンター",
        "でもでんりょく おきゃくさませんたー",
        K.COMPANY,
        [F.LIFELINE],
        [],
        None,
        "000-400-0003",
    ),
    (
        "社会福祉法人みどり会",
        "しゃかいふくしほうじんみどりかい",
        K.SOCIAL_WELFARE_CORPORATION,
        [F.DISABILITY, F.EMPLOYMENT],
        [P.PARTICIPATION],
        "西圏域",
        "000-500-0001",
    ),
    (
        "NPO法人ひきこもり家族会つながり",
        "えぬぴーおーほうじんひきこもりかぞくかいつながり",
        K.NPO,
        [F.OTHER],
        [P.PARTICIPATION, P.OUTREACH],
        None,
        "000-500-0002",
    ),
    (
        "NPO法人フードバンクデモ",
        "えぬぴーおーほうじんふーどばんくでも",
        K.NPO,
        [F.POVERTY],
        [P.PARTICIPATION],
        None,
        "000-500-0003",
    ),
    (
        "NPO法人こども食堂ネットワークデモ",
        "えぬぴーおーほうじんこどもしょくどうねっとわーくでも",
        K.NPO,
        [F.CHILDREN],
        [P.COMMUNITY],
        "南圏域",
        "000-500-0004",
    ),
    (
        "地域活動支援センターひだまり",
        "ちいきかつどうしえんせんたーひだまり",
        K.SOCIAL_WELFARE_CORPORATION,
        [F.DISABILITY, F.HEALTH],
        [P.PARTICIPATION],
        "北圏域",
        "000-500-0005",
    ),
    (
        "株式会社デモ物流",
        "かぶしきがいしゃでもぶつりゅう",
        K.COMPANY,
        [F.EMPLOYMENT],
        [P.PARTICIPATION],
        "南圏域",
        "000-600-0001",
    ),
    (
        "さくらベーカリー",
        "さくらべーかりー",
        K.COMPANY,
        [F.EMPLOYMENT],
        [P.PARTICIPATION],
        "東圏域",
        "000-600-0002",
    ),
]

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


# The named households (issue 3). Each: registered by (username), household name, town, address,
# tags, and members as (氏, 名, 氏カナ, 名カナ, sex, birth date, relation, relation label, extra).
# `extra` may set care_level, notes, phone, key (キーパーソン), carer (主たる介護者),
# consent ("written"/"oral"), restricted (閲覧制限, with the users granted to see through it).
HOUSEHOLDS = [
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
                {"notes": "ひきこもり（20年以上）。本人の同意は得られていない。"},
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
]


# The named consultations (相談受付) and つなぐシート of the contract. Times are relative to the
# load: `days_ago` (and `business_days_ago`) go back to a business day at `time`, `hours_ago`
# counts back from the moment of loading. People are named as "氏 名" within a named household.

CONSULTATIONS = [
    {
        "by": "houkatsu",
        "household": "鈴木家",
        "person": "鈴木 ハナ",
        "received": {"days_ago": 20, "time": "10:15"},
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
        "outcome_note": "8050の世帯として、多機関協働での検討を依頼する。本人は書面で同意済み。",
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
]

# The named つなぐシート (sent to coordination). `acknowledged` is the receiver's 受理, a number
# of business days after sending, and `link_person` the record the receiver linked it to.
SHEETS = [
    {
        "by": "zeimu",
        "sent": {"days_ago": 10, "time": "14:30"},
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
]
