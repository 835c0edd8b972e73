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


# The named consultations (相談受付) and つなぐシート of the contract. Times are relative to the
# load: `days_ago` (and `business_days_ago`) go back to a business day at `time`, `hours_ago`
# counts back from the moment of loading, `before_meeting` goes `business_days` back from the
# day of a named meeting (MEETINGS). People are named as "氏 名" within a named household.
# A consultation passed to coordination may say how its request was `acknowledged` and linked
# (`link_person`), like a sheet.

CONSULTATIONS = [
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
SHEETS = [
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


# The named cases (issue 5), loaded through the cases' services so they are audited. Days count
# back from the day of loading (`*_in` forward): `opened` is the 受付日 and each step moves the
# status on its day. The assessment is saved once the case reaches アセスメント and the plan is
# drafted and approved once it reaches プラン作成 (by the coordinator, or at the meeting named by
# `approved_at`, which also moves the case to 支援中); then come the notes, then the evaluation.
# People are "氏 名" within the case's household, organisations go by name, workers by username.
# `sheet` names the sender of the つなぐシート the case was opened from, `request` the sender of
# the consultation passed to coordination; `opened` may be "on_acceptance": the day that
# referral was accepted.
CASES = [
    {
        "household": "鈴木家",
        "person": "鈴木 ハナ",
        "by": "coordinator",
        "opened": 50,
        "sheet": "zeimu",
        "programs": ["coordination", "consultation"],
        "summary": (
            "8050の世帯。母ハナさん（80代、要介護1）は物忘れと服薬の飲み忘れが増えている。"
            "長男一郎さん（50代）は20年以上ひきこもり、市民税の滞納が続く。"
            "母が倒れたときに長男の生活が立ち行かなくなるおそれがある。"
        ),
        "lead": ("東地域包括支援センター", "houkatsu"),
        "team": [
            ("自立相談支援機関", "jiritsu", "agency"),
            ("社会福祉協議会", "csw", "outreach"),
        ],
        "steps": [
            {"to": "screening", "days_ago": 49},
            {
                "to": "decided",
                "days_ago": 47,
                "criteria": ["household", "gap"],
                "reason": (
                    "母の介護と長男のひきこもり・滞納が重なり、一つの機関では支えきれない。"
                ),
            },
            {"to": "assessment", "days_ago": 47},
        ],
        "assessment": {
            "by": "houkatsu",
            "days_ago": 1,
            "urgency": "high",
            "household_view": (
                "母と長男の二人暮らし。収入は母の年金のみで、市民税の滞納がある。"
                "近所付き合いはなく、民生委員が気にかけている。"
            ),
            "worker_view": (
                "母の介護サービスの利用を急ぎつつ、長男とは社協のアウトリーチで少しずつ"
                "関係をつくる。滞納と家計は自立相談支援機関が納税相談と合わせて支える。"
            ),
            "entries": [
                {
                    "person": "鈴木 ハナ",
                    "issues": ["介護", "家族との関係"],
                    "wishes": "一郎のことが心配。自分が元気なうちに何とかしたい",
                    "strengths": "訪問には応じ、困りごとを話してくれる。",
                    "risks": "服薬の飲み忘れ、期限切れの食品。転倒のおそれ。",
                    "notes": "物忘れが増え、同じ物を何度も買っている。要介護1でサービスは未利用。",
                },
                {
                    "person": "鈴木 一郎",
                    "issues": ["ひきこもり・不登校", "社会的孤立", "経済的困窮"],
                    "wishes": (
                        "（本人とは会えていない。ハナさんによると『放っておいてほしい』と"
                        "言っている）"
                    ),
                    "strengths": "母の買い物を夜に手伝うことがあるらしい。",
                    "risks": "母が倒れると収入も家事の担い手もなくなる。",
                    "notes": "20年以上自室で過ごしている。市民税の滞納が2年以上。",
                },
            ],
        },
        "notes": [
            {
                "by": "houkatsu",
                "days_ago": 45,
                "method": "home_visit",
                "content": (
                    "ハナさんを訪問。介護保険のサービスについて説明すると、使ってみたいとのこと。"
                    "一郎さんは自室から出てこず、会えなかった。"
                ),
            },
            {
                "by": "csw",
                "days_ago": 2,
                "method": "home_visit",
                "content": (
                    "包括の小林さんと同行訪問。一郎さんは自室から出てこなかった。"
                    "ドア越しに社協の松本と名乗り、手紙を置いてきた。"
                ),
                "next_action": "一郎さんあての手紙への反応を確認する",
                "next_action_in": 5,
            },
            {
                "by": "houkatsu",
                "days_ago": 1,
                "method": "home_visit",
                "content": (
                    "ハナさん宅を訪問し、アセスメント。介護サービスの利用に前向き。"
                    "冷蔵庫に期限切れの食品が多く、服薬カレンダーを置いてきた。"
                ),
                "next_action": "ケアマネジャーを決め、サービス担当者会議を調整する",
                "next_action_in": 3,
            },
        ],
    },
    {
        "household": "田中家",
        "person": "田中 由美",
        "by": "coordinator",
        "opened": 75,
        "programs": ["coordination", "consultation", "participation"],
        "summary": (
            "ダブルケアの世帯。由美さん（40代）が母トシさん（要介護3）の介護と陽斗くん（3歳）の"
            "子育てを一人で担い、疲れがたまっている。"
        ),
        "lead": ("こども家庭センター", "kosodate"),
        "team": [
            ("東地域包括支援センター", "houkatsu", "agency"),
            ("社会福祉協議会", "sanka", "participation"),
        ],
        "steps": [
            {"to": "screening", "days_ago": 74},
            {
                "to": "decided",
                "days_ago": 70,
                "criteria": ["household"],
                "reason": "介護と子育てが重なり、世帯として支える必要がある。",
            },
            {"to": "assessment", "days_ago": 70},
            # The 重層的支援会議 that approves the plan moves the case on to 支援中.
            {"to": "planning", "days_ago": 58},
        ],
        "assessment": {
            "by": "kosodate",
            "days_ago": 60,
            "urgency": "medium",
            "household_view": (
                "由美さん、母トシさん、長男陽斗くんの三人暮らし。由美さんはパートを辞め、"
                "介護と子育てに追われている。近くに頼れる親族はいない。"
            ),
            "worker_view": (
                "トシさんの介護サービスを増やし、陽斗くんの一時預かりを使って、"
                "由美さんが自分の時間をもてるようにする。"
            ),
            "entries": [
                {
                    "person": "田中 由美",
                    "issues": ["介護", "子育て", "メンタルヘルス"],
                    "wishes": "少しでいいから、一人になれる時間がほしい。",
                    "strengths": "相談する力がある。家族思い。",
                    "risks": "睡眠不足と疲れがたまっている。",
                    "notes": "夜中のトシさんの介護と陽斗くんの夜泣きで眠れていない。",
                },
                {
                    "person": "田中 トシ",
                    "issues": ["介護", "病気や健康"],
                    "wishes": "娘に迷惑をかけたくない。",
                    "strengths": "デイサービスには楽しんで通っている。",
                    "risks": "夜間の転倒。",
                    "notes": "要介護3。デイサービス週2回のみ。",
                },
                {
                    "person": "田中 陽斗",
                    "issues": ["子育て"],
                    "wishes": "",
                    "strengths": "元気で、よく食べよく遊ぶ。",
                    "risks": "",
                    "notes": "3歳。保育園は待機中。",
                },
            ],
        },
        "plan": {
            "by": "kosodate",
            "drafted": 56,
            "goal": "母の介護と子育てを一人で抱え込まず、週に一度は自分の時間をもちたい",
            "direction": (
                "トシさんの介護サービスを見直し、陽斗くんの一時預かりを使って由美さんの負担を"
                "減らす。由美さんが地域のつながりをもてるよう、参加支援につなぐ。"
            ),
            "includes_participation": True,
            "includes_outreach": False,
            # The meeting sets the monitoring date with the approval.
            "monitoring_in": None,
            "consent": ("written", 55),
            "approved_at": "定例重層的支援会議",
            "items": [
                {
                    "issue": "母の介護の負担が大きい",
                    "support": (
                        "ケアマネジャーと連携し、デイサービスを週3回に増やし、"
                        "月に一度ショートステイを使えるようにする。"
                    ),
                    "organization": "東地域包括支援センター",
                    "worker": "houkatsu",
                    "frequency": "月1回の訪問・6か月",
                },
                {
                    "issue": "子育てを一人で担っている",
                    "support": "陽斗くんの一時預かりの利用と、保育園の入園の手続きを支える。",
                    "organization": "こども家庭センター",
                    "worker": "kosodate",
                    "frequency": "2週に1回の面談・6か月",
                },
                {
                    "issue": "自分の時間と地域とのつながりがない",
                    "support": "地域のカフェや親子の居場所を一緒に見学し、参加を後押しする。",
                    "organization": "社会福祉協議会",
                    "worker": "sanka",
                    "frequency": "月1回・3か月",
                },
            ],
        },
        "notes": [
            {
                "by": "kosodate",
                "days_ago": 40,
                "method": "visit",
                "content": (
                    "由美さん来所。陽斗くんの一時預かりを週1回使い始めた。"
                    "少し眠れるようになったとのこと。"
                ),
            },
            {
                "by": "houkatsu",
                "days_ago": 30,
                "method": "meeting",
                "content": (
                    "サービス担当者会議。トシさんのデイサービスを週3回に増やし、"
                    "来月からショートステイを月に一度使うことになった。"
                ),
            },
            {
                "by": "sanka",
                "days_ago": 14,
                "method": "accompany",
                "content": (
                    "由美さんと旭町の地域カフェを見学。陽斗くんを連れて参加できると喜んでいた。"
                ),
                "next_action": "地域カフェの初回参加に同行する",
                "next_action_in": 6,
            },
            {
                "by": "kosodate",
                "days_ago": 3,
                "method": "phone",
                "content": "由美さんから電話。保育園の入園が決まった。来月から通い始める。",
                "next_action": "モニタリングの面談を設定する",
                "next_action_in": 10,
            },
        ],
    },
    {
        "household": "山本家",
        "person": "山本 勇",
        "by": "csw",
        "opened": 55,
        "programs": ["outreach"],
        "summary": (
            "独居の70代男性。セルフネグレクトとごみ屋敷の疑い。本人は支援を拒んでおり、"
            "同意はない。社協のアウトリーチで関係づくりを続ける。"
        ),
        "lead": ("社会福祉協議会", "csw"),
        "team": [("重層的支援推進課", "coordinator", "coordination")],
        "steps": [
            {"to": "screening", "days_ago": 53},
            {
                "to": "decided",
                "days_ago": 46,
                "criteria": ["gap", "network"],
                "reason": "本人が支援を拒んでおり、既存の見守りでは届かない。",
            },
        ],
        "notes": [
            {
                "by": "csw",
                "days_ago": 50,
                "method": "home_visit",
                "content": "訪問したが不在。郵便受けから郵便物があふれていた。不在票を置いた。",
            },
            {
                "by": "csw",
                "days_ago": 12,
                "method": "home_visit",
                "content": (
                    "訪問。本人が玄関に出てきたが「何も困っていない。帰ってくれ」と拒否。"
                    "顔色は悪くなかった。玄関先にごみ袋が積まれている。"
                ),
                "next_action": "民生委員と一緒に再訪問する",
                "next_action_in": 4,
            },
        ],
    },
    {
        "household": "小川家",
        "person": "小川 キヨ",
        "by": "coordinator",
        "opened": 200,
        "programs": ["coordination", "consultation"],
        "summary": (
            "独居の80代女性。特殊詐欺の被害のあと、カードローンの返済と公共料金の滞納が重なった。"
        ),
        "lead": ("自立相談支援機関", "jiritsu"),
        "team": [("東地域包括支援センター", "houkatsu", "agency")],
        "steps": [
            {"to": "screening", "days_ago": 198},
            {
                "to": "decided",
                "days_ago": 195,
                "criteria": ["gap"],
                "reason": "介護と家計の課題が重なり、制度の狭間にある。",
            },
            {"to": "assessment", "days_ago": 195},
            {"to": "planning", "days_ago": 180},
            {"to": "support", "days_ago": 170},
            {"to": "monitoring", "days_ago": 100},
        ],
        "assessment": {
            "by": "jiritsu",
            "days_ago": 185,
            "urgency": "medium",
            "household_view": "独居。年金収入のみ。近所に親しい友人がいる。",
            "worker_view": "家計を立て直し、見守りを地域包括に引き継げる形をつくる。",
            "entries": [
                {
                    "person": "小川 キヨ",
                    "issues": ["債務", "家計管理の課題", "社会的孤立"],
                    "wishes": "だまされたことが恥ずかしい。もう人に迷惑をかけずに暮らしたい。",
                    "strengths": "几帳面で、書類をきちんと保管している。",
                    "risks": "再び詐欺の被害にあうおそれ。",
                    "notes": "カードローンの返済が月3万円。電気料金の滞納が2か月。",
                },
            ],
        },
        "plan": {
            "by": "jiritsu",
            "drafted": 175,
            "goal": "お金の心配をせずに、住み慣れた家で安心して暮らしたい",
            "direction": "家計を立て直し、見守りと介護予防は地域包括が引き継ぐ。",
            "includes_participation": False,
            "includes_outreach": False,
            "monitoring_in": -100,
            "consent": ("written", 171),
            "approved": ("coordinator", 170),
            "items": [
                {
                    "issue": "借金の返済と滞納",
                    "support": "家計表をつくり、法律相談につないで債務を整理する。",
                    "organization": "自立相談支援機関",
                    "worker": "jiritsu",
                    "frequency": "2週に1回の面談・6か月",
                },
                {
                    "issue": "一人暮らしの見守り",
                    "support": "訪問して様子を確かめ、介護予防の体操教室に誘う。",
                    "organization": "東地域包括支援センター",
                    "worker": "houkatsu",
                    "frequency": "月1回の訪問・6か月",
                },
            ],
        },
        "notes": [
            {
                "by": "jiritsu",
                "days_ago": 150,
                "method": "accompany",
                "content": "デモ法律相談センターに同行。債務の整理の手続きを始めた。",
            },
            {
                "by": "houkatsu",
                "days_ago": 110,
                "method": "home_visit",
                "content": "訪問。体操教室に月2回通っている。表情が明るくなった。",
            },
        ],
        "evaluation": {
            "by": "coordinator",
            "days_ago": 90,
            "goal_attainment": "achieved",
            "changes": (
                "債務の整理が終わり、滞納もなくなった。体操教室で友人ができ、"
                "電話で詐欺の相談をしてくれるようになった。"
            ),
            "decision": "close",
            "closing_reason": "handback",
            "handback": "東地域包括支援センター",
            "reason": "家計の課題は解決した。今後の見守りは東地域包括支援センターが主担当となる。",
            "items": ["achieved", "achieved"],
            "follow_up_in": 14,
            "handback_received_by": "houkatsu",
        },
    },
    # Issue 6: opened (受付) the day their referral was accepted, then screened at the
    # チーム会議 (see MEETINGS): 支援決定 for 原田家, 対象外 for 大塚 フミ.
    {
        "household": "原田家",
        "person": "原田 康平",
        "by": "coordinator",
        "opened": "on_acceptance",
        "request": "shougai",
        "programs": ["coordination", "consultation"],
        "summary": (
            "父・修さん（70代）が肺がんの治療で入院する。知的障害のある長男・康平さん（40代）の"
            "暮らしとお金の管理を父が一人で担ってきた。親亡き後も見据えた支えが要る。"
        ),
        "lead": ("障害者基幹相談支援センター", "shougai"),
        "team": [],
        "steps": [],
    },
    {
        "household": "大塚家",
        "person": "大塚 フミ",
        "by": "coordinator",
        "opened": "on_acceptance",
        "sheet": "chiiki",
        "programs": ["coordination"],
        "summary": (
            "一人暮らしの80代女性。地域のサロンに来なくなり、家事が滞っている様子。"
            "生活支援コーディネーターからのつなぐシート。"
        ),
        "lead": ("重層的支援推進課", "coordinator"),
        "team": [],
        "steps": [],
    },
]


# The register of meeting bodies (会議体, issue 6), as Hatsukaichi listed theirs: convener and
# members are organisations by name, `targets` the codes of meetings.models.Target. The
# 支援調整会議 overlaps the 支援会議 and the 重層的支援会議 (the same households, the same
# agencies): the register shows it.
MEETING_BODIES = [
    {
        "name": "支援会議",
        "kind": "support",
        "legal_basis": "社会福祉法第106条の6",
        "convener": "重層的支援推進課",
        "targets": ["complex", "refusing"],
        "members": [
            "重層的支援推進課",
            "生活福祉課",
            "東地域包括支援センター",
            "西地域包括支援センター",
            "南地域包括支援センター",
            "北地域包括支援センター",
            "障害者基幹相談支援センター",
            "自立相談支援機関",
            "こども家庭センター",
            "社会福祉協議会",
        ],
        "other_members": "民生委員・児童委員、警察署（議題に応じて）",
        "frequency": "毎月",
        "usual_minutes": 90,
        "purpose": (
            "本人の同意が得られていない世帯や支援につながっていない人について、守秘義務のもとで"
            "情報を共有し、見守りと最初の関わりを分担する。"
        ),
    },
    {
        "name": "重層的支援会議",
        "kind": "jusou",
        "legal_basis": "デモ市重層的支援体制整備事業実施要綱",
        "convener": "重層的支援推進課",
        "targets": ["complex"],
        "members": [
            "重層的支援推進課",
            "東地域包括支援センター",
            "障害者基幹相談支援センター",
            "自立相談支援機関",
            "こども家庭センター",
            "社会福祉協議会",
        ],
        "other_members": "ケースに関わる支援関係機関",
        "frequency": "毎月",
        "usual_minutes": 90,
        "purpose": (
            "本人の同意を得た多機関協働のケースについて、支援プランと役割分担を承認し、"
            "終結・中断を判断し、足りない資源を話し合う。"
        ),
    },
    {
        "name": "チーム会議",
        "kind": "team",
        "legal_basis": "",
        "convener": "重層的支援推進課",
        "targets": ["complex"],
        "members": ["重層的支援推進課", "社会福祉協議会"],
        "other_members": "",
        "frequency": "毎週",
        "usual_minutes": 60,
        "purpose": (
            "多機関協働に寄せられた相談とつなぐシートをスクリーニングし、支援決定とするか、"
            "ほかの機関につなぐかを決める。"
        ),
    },
    {
        "name": "地域ケア会議",
        "kind": "other",
        "legal_basis": "介護保険法第115条の48",
        "convener": "高齢介護課",
        "targets": ["elderly", "community"],
        "members": [
            "高齢介護課",
            "東地域包括支援センター",
            "西地域包括支援センター",
            "南地域包括支援センター",
            "北地域包括支援センター",
            "健康推進課",
            "社会福祉協議会",
            "生活支援コーディネーター 東圏域",
        ],
        "other_members": "民生委員・児童委員、介護支援専門員、医師会",
        "frequency": "毎月（圏域ごと）",
        "usual_minutes": 90,
        "purpose": "高齢者の個別の事例から、支援の方法と地域の課題を話し合う。",
    },
    {
        "name": "支援調整会議",
        "kind": "other",
        "legal_basis": "生活困窮者自立支援法（自立相談支援事業）",
        "convener": "自立相談支援機関",
        "targets": ["poverty", "complex"],
        "members": [
            "自立相談支援機関",
            "生活福祉課",
            "税務課",
            "国保年金課",
            "住宅課",
            "社会福祉協議会",
            "重層的支援推進課",
        ],
        "other_members": "ハローワーク",
        "frequency": "毎月",
        "usual_minutes": 60,
        "purpose": "生活困窮者の支援プランを確かめ、関係機関の役割を調整する。",
    },
    {
        "name": "要保護児童対策地域協議会（実務者会議）",
        "kind": "other",
        "legal_basis": "児童福祉法第25条の2",
        "convener": "こども家庭センター",
        "targets": ["children"],
        "members": [
            "こども家庭センター",
            "学校教育課",
            "健康推進課",
            "障害福祉課",
            "生活福祉課",
            "デモ警察署",
            "民生委員児童委員協議会",
        ],
        "other_members": "児童相談所、保育所・幼稚園、医療機関",
        "frequency": "毎月",
        "usual_minutes": 120,
        "purpose": "要保護児童・要支援児童と特定妊婦の状況を確かめ、支援の進み具合を管理する。",
    },
]


# The named meetings (issue 6), held through the meetings' services: scheduled by `by` (its
# first participant), participants added, pledges recorded (on paper), the agenda, then, for a
# past meeting, the minutes and decisions, confirmed (which applies the decisions to the cases).
# `when` is the meeting's day: `days_ago` (the latest business day at least that many days
# back), `before_month_start` (that many days before the first of the current month, moved
# back to a business day: always in the previous month) or `days_ahead` (the first business
# day at least that many days ahead). Participants are users or externals (name, organisation,
# role); `pledge` is "meeting" (for that meeting) or "fiscal_year" (a user's pledge for the
# fiscal year of the meeting). Items name the case by its household; a role's `due_after` counts
# days from the meeting, a monitoring date's `monitoring_in` days from loading. `done_by` marks
# a role's task done (the later notes show it), `referral_outcome` completes the referral the
# case was opened from once the screening is confirmed. A meeting `held_with_plan` is held when
# the plan it approves is drafted (CASES, `approved_at`).
#
# Pledges covering today are left out on purpose: tests/test_meetings.py and
# tests/test_meeting_print.py start from users (coordinator, keisatsu, houkatsu, jiritsu) with no
# pledge on record for today; `csw` carries the fiscal-year pledge.
MEETINGS = [
    {
        "title": "定例重層的支援会議",
        "kind": "jusou",
        "body": "重層的支援会議",
        "when": {"days_ago": 45},
        "time": "14:00",
        "duration_minutes": 90,
        "place": "本庁舎3階 第2会議室",
        "convener": "重層的支援推進課",
        "by": "coordinator",
        "held_with_plan": True,
        "participants": [
            {"user": "coordinator"},
            {"user": "kosodate"},
            {"user": "houkatsu"},
            {"user": "sanka"},
        ],
        "items": [
            {
                "case": "田中家",
                "purpose": "plan",
                "briefing": (
                    "由美さんと作成した支援プラン第1版（案）。母トシさんの介護と陽斗くんの子育てを"
                    "一人で担っている。プランと役割分担の承認をお願いしたい。"
                ),
                "discussion": (
                    "こども家庭センターからプラン（案）を説明。東地域包括はケアマネジャーと連携し、"
                    "トシさんのデイサービスを週3回に増やし、ショートステイを月1回使えるようにする。"
                    "こども家庭センターは陽斗くんの一時預かりと保育園の入園の手続きを支える。"
                    "社協は地域のカフェや親子の居場所の見学に同行する。由美さんの同意は書面で"
                    "得ている。プランを承認し、2か月あまり後にモニタリングする。"
                ),
                "decisions": [
                    {"kind": "plan_approved"},
                    {
                        "kind": "monitoring",
                        "monitoring_in": 20,
                        "reason": "保育園に通い始めたあとの様子を確かめる。",
                    },
                ],
            },
        ],
        "summary": "田中家の支援プラン第1版を承認した。",
    },
    {
        "title": "定例支援会議",
        "kind": "support",
        "body": "支援会議",
        "when": {"before_month_start": 10},
        "time": "14:00",
        "duration_minutes": 90,
        "place": "本庁舎3階 第2会議室",
        "convener": "重層的支援推進課",
        "by": "coordinator",
        "participants": [
            {"user": "coordinator", "pledge": "meeting"},
            {"user": "houkatsu", "pledge": "meeting"},
            {"user": "csw", "pledge": "fiscal_year"},
            {"user": "jiritsu", "pledge": "meeting"},
            {"user": "keisatsu", "role": "生活安全課", "pledge": "meeting"},
            {
                "name": "佐藤 和子",
                "organization": "東町地区",
                "role": "民生委員・児童委員",
                "pledge": "meeting",
            },
        ],
        "items": [
            {
                "case": "鈴木家",
                "purpose": "share",
                "briefing": (
                    "8050の世帯。長男の一郎さん（50代）は20年以上ひきこもり、同意が得られていない。"
                    "母ハナさん（80代、要介護1）の物忘れが進み、市民税の滞納もある。"
                    "見守りと最初の関わりを分担したい。"
                ),
                "discussion": (
                    "東地域包括：ハナさんは介護サービスの利用に前向きだが、一郎さんとは会えて"
                    "いない。自立相談：税務課からのつなぐシートで、市民税の滞納が2年以上と"
                    "分かった。民生委員（佐藤さん）：夜に近所のコンビニで一郎さんらしい人を"
                    "見かけることがある。警察署：この世帯についての通報や相談の記録はない。"
                    "一郎さんの同意がないため支援会議で役割を分け、社協のアウトリーチで少しずつ"
                    "接点をつくる。"
                ),
                "decisions": [
                    {
                        "kind": "role",
                        "organization": "社会福祉協議会",
                        "team_role": "outreach",
                        "worker": "csw",
                        "task": "一郎さんあての手紙を届け、包括と同行して訪問する",
                        "due_after": 14,
                        "reason": "長男との接点をつくる。",
                        "done_by": "csw",
                    },
                    {
                        "kind": "role",
                        "organization": "東地域包括支援センター",
                        "team_role": "lead",
                        "worker": "houkatsu",
                        "task": "ハナさんのケアマネジャーを決め、介護サービスの利用を始める",
                        "due_after": 21,
                    },
                    {
                        "kind": "role",
                        "organization": "自立相談支援機関",
                        "team_role": "agency",
                        "worker": "jiritsu",
                        "task": "税務課と調整し、滞納の分納と家計の相談の場をつくる",
                        "due_after": 21,
                    },
                ],
            },
            {
                "case": "山本家",
                "purpose": "share",
                "briefing": (
                    "独居の70代男性。セルフネグレクトとごみ屋敷の疑いがあり、支援を拒んでいる。"
                    "同意はない。地域での見守りの方法を相談したい。"
                ),
                "discussion": (
                    "社協：訪問を続けているが、本人とはまだ話せていない。郵便受けから郵便物が"
                    "あふれていた。民生委員（佐藤さん）：北町の民生委員から、夜に明かりが"
                    "つかない日があると聞いている。警察署：巡回の際に様子を気にかける。"
                    "安否が確かめられないときは警察署に連絡する。社協の訪問を続け、北町の"
                    "民生委員にも協力を頼む。北地域包括支援センターの関わり方は次回の支援会議で"
                    "検討する。"
                ),
                # No role yet: the team stays 社協 and 推進課 until the next 支援会議.
                "decisions": [],
            },
        ],
        "summary": (
            "鈴木家は、社協の訪問で一郎さんとの接点をつくり、包括と自立相談がハナさんの介護と"
            "家計を支える。山本さんは社協の訪問と地域の見守りを続け、次回、北地域包括支援"
            "センターを交えて見守りの分担を決める。"
        ),
    },
    {
        "title": "週次チーム会議",
        "kind": "team",
        "body": "チーム会議",
        "when": {"days_ago": 3},
        "time": "09:30",
        "duration_minutes": 60,
        "place": "重層的支援推進課 相談室",
        "convener": "重層的支援推進課",
        "by": "coordinator",
        "participants": [{"user": "coordinator"}, {"user": "shougai"}, {"user": "houkatsu"}],
        "items": [
            {
                "case": "原田家",
                "purpose": "screening",
                "briefing": (
                    "障害者基幹相談支援センターからの依頼。父の入院で、知的障害のある長男の"
                    "暮らしと家計が心配。"
                ),
                "discussion": (
                    "障害者基幹：康平さんは作業所に通えているが、お金の管理と通院は父が担ってきた。"
                    "父の入院は来月から。障害の支援に加え、父の治療と家計、退院後の暮らしを"
                    "世帯として支える必要がある。成年後見などの制度の検討も要る。"
                    "支援決定とし、主担当は障害者基幹、家計は自立相談支援機関が担う。"
                ),
                "decisions": [
                    {
                        "kind": "screening",
                        "eligible": True,
                        "criteria": ["household", "gap"],
                        "reason": (
                            "父の治療、長男の暮らし、家計の課題が重なり、一つの機関では"
                            "支えきれない。"
                        ),
                    },
                    {
                        "kind": "role",
                        "organization": "自立相談支援機関",
                        "team_role": "agency",
                        "worker": "jiritsu",
                        "task": "入院中の家計と、康平さんの障害年金の手続きを確かめる",
                        "due_after": 10,
                    },
                ],
                "referral_outcome": "support_started",
            },
            {
                "case": "大塚家",
                "purpose": "screening",
                "briefing": (
                    "生活支援コーディネーターからのつなぐシート。サロンに来なくなった一人暮らしの"
                    "80代女性。"
                ),
                "discussion": (
                    "東地域包括：大塚さんは要支援1で、介護予防の支援で関わっている。足の痛みで"
                    "外出が減っており、受診と訪問型のサービスで対応できる。課題は高齢の分野に"
                    "限られ、今の支援で解決できると判断した。対象外とし、東地域包括支援センターに"
                    "つなぐ。生活支援コーディネーターには結果を返し、サロンでの見守りを続けて"
                    "もらう。"
                ),
                "decisions": [
                    {
                        "kind": "screening",
                        "eligible": False,
                        "reason": (
                            "課題は介護予防と見守りに限られ、東地域包括支援センターの支援で"
                            "対応できる。"
                        ),
                        "referred_to": "東地域包括支援センター",
                    },
                ],
                "referral_outcome": "to_other_agency",
            },
        ],
        "summary": (
            "新しい2件をスクリーニングした。原田家は支援決定、大塚さんは東地域包括支援センターに"
            "つなぐ。"
        ),
    },
    {
        "title": "北圏域支援会議",
        "kind": "support",
        "body": "支援会議",
        "when": {"days_ahead": 7},
        "time": "10:00",
        "duration_minutes": 90,
        "place": "北地域振興センター 会議室",
        "convener": "重層的支援推進課",
        "by": "coordinator",
        "participants": [
            {"user": "coordinator"},
            {"user": "csw"},
            {"user": "keisatsu", "role": "生活安全課"},
            {"name": "石田 正雄", "organization": "北町地区", "role": "民生委員・児童委員"},
            {"name": "上野 美穂", "organization": "北地域包括支援センター", "role": "社会福祉士"},
        ],
        "items": [
            {
                "case": "山本家",
                "purpose": "share",
                "briefing": (
                    "社協の訪問に本人が玄関先で応じたが、支援は拒んでいる。玄関先にごみ袋が"
                    "積まれている。北地域包括支援センターも交えて、見守りの分担を決めたい。"
                ),
            },
        ],
    },
]
