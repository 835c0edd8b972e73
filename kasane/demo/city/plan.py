"""デモ市's 実施計画 令和6〜10年度, modelled on 芦屋市's R4–R8 plan (five projects, their 取組
and yearly milestones), with progress recorded for 令和6 and 令和7.

Each 取組: (title, lead organisation or None, other lead, milestones from 令和6年度 on,
progress for 令和6 and 令和7 as (status, note))."""

from __future__ import annotations

PLAN_TITLE = "デモ市重層的支援体制整備事業実施計画"
PLAN_FIRST_YEAR = 2024  # 令和6年度
PLAN_LAST_YEAR = 2028  # 令和10年度
PLAN_NOTE = (
    "社会福祉法第106条の5に基づく実施計画。相談支援・参加支援・地域づくりに向けた支援を"
    "一体的に行い、重層的なセーフティネットをつくる。"
)

SOCIAL_WELFARE_COUNCIL = "社会福祉協議会"
COORDINATION_DEPARTMENT = "重層的支援推進課"

# (title, lead organisation, other lead, milestones by year, progress of 令和6 and 令和7)
InitiativeStory = tuple[str, str | None, str, list[str], list[tuple[str, str]]]

PROJECTS: list[tuple[str, str, list[InitiativeStory]]] = [
    (
        "多機関協働の体制整備",
        "個別支援をベースにしつつ、参加支援や地域づくりを意識して多機関が協働する体制を整備します。",
        [
            (
                "多機関協働推進委員会の設置（生活困窮者自立支援推進協議会の改編）",
                COORDINATION_DEPARTMENT,
                "",
                [
                    "推進協議会でプロジェクトの検討",
                    "多機関協働推進委員会の設置",
                    "委員会でプロジェクトの検討",
                    "",
                    "評価と次期計画の検討",
                ],
                [
                    ("achieved", "推進協議会で3回検討した。"),
                    ("in_progress", "設置要綱の案を作成中。"),
                ],
            ),
            (
                "多機関協働支援会議の構築（総合相談連絡会の改編）",
                SOCIAL_WELFARE_COUNCIL,
                "生活困窮担当",
                [
                    "連絡会参加者との認識共有",
                    "支援会議の構築・地域課題の明確化",
                    "地域課題の解決策の検討",
                    "",
                    "",
                ],
                [("achieved", "参加機関12か所と共有した。"), ("in_progress", "")],
            ),
            (
                "庁内連携の強化（庁内連携会議の設置）",
                COORDINATION_DEPARTMENT,
                "",
                ["庁内連携会議の設置・人材育成の検討", "庁内連携会議の定例化", "", "", ""],
                [("achieved", "庁内連携会議を設置した（8課）。"), ("in_progress", "")],
            ),
        ],
    ),
    (
        "個別支援からの課題抽出・資源創出",
        "個別支援を通じた課題抽出に加え、課題解決のための具体的な実践につなげます。",
        [
            (
                "重層的支援のチーム会議の設置",
                COORDINATION_DEPARTMENT,
                "",
                ["チーム会議の設置・各種検討", "チーム会議の運用", "", "", ""],
                [("achieved", ""), ("in_progress", "")],
            ),
            (
                "各個別支援会議での各分野で共通する地域課題の抽出",
                SOCIAL_WELFARE_COUNCIL,
                "",
                ["各会議での地域課題の抽出", "", "資源創出に向けた取組", "", ""],
                [("in_progress", "地域ケア会議から2件を抽出した。"), ("in_progress", "")],
            ),
        ],
    ),
    (
        "参加支援の場づくりの取組",
        "社会的に孤立する人が社会参加できる場づくりに取り組みます。",
        [
            (
                "居場所の現状分析プロジェクト",
                None,
                "生活困窮者自立支援推進協議会 専門部会",
                ["居場所の現状分析", "居場所づくりの推進", "", "", ""],
                [("achieved", "市内の居場所34か所を調査した。"), ("in_progress", "")],
            ),
            (
                "居場所での相談を受け止める体制整備",
                SOCIAL_WELFARE_COUNCIL,
                "地域支え合い推進員",
                ["相談を受け止める体制構築", "", "つどい場の多機能化支援", "", ""],
                [
                    ("in_progress", ""),
                    ("revised", "担い手の不足から、体制構築を令和8年度まで延ばす。"),
                ],
            ),
            (
                "協力企業・団体との協働",
                COORDINATION_DEPARTMENT,
                "",
                ["協働推進", "", "協働の事務局運営の体制検討", "", ""],
                [("in_progress", "協力企業・団体5か所。"), ("in_progress", "")],
            ),
        ],
    ),
    (
        "地域の社会資源やつながり等を生かした地域づくりの推進",
        "地域の社会資源などを改めて見つめなおしたうえで、地域づくりを進めます。",
        [
            (
                "地域支え合い推進員とコミュニティワーカーの連携・協働による機能強化",
                SOCIAL_WELFARE_COUNCIL,
                "地域支え合い推進員",
                ["機能強化の仕組みづくり", "", "地域への協働の働きかけ", "", ""],
                [("in_progress", ""), ("in_progress", "")],
            ),
            (
                "地域住民との協働による地域プロフィールと地域ビジョンづくり",
                SOCIAL_WELFARE_COUNCIL,
                "",
                ["地域アセスメントの実施", "地域プロフィール・地域ビジョンづくり", "", "", ""],
                [("achieved", "4圏域でアセスメントを実施した。"), ("in_progress", "")],
            ),
        ],
    ),
    (
        "(1)～(4)を推進する人材育成",
        "本計画を進めていくにあたり、人材の発掘と育成に取り組みます。",
        [
            (
                "「包括的」と「重層的」の両方の視点を持つ専門職の育成",
                COORDINATION_DEPARTMENT,
                "",
                ["研修の整理", "研修の体系化・試行", "研修の実施", "", ""],
                [("achieved", ""), ("not_started", "研修の体系の案がまだない。")],
            ),
            (
                "参加支援や地域づくりを担う地域福祉人材を育成する研修のあり方の検討",
                SOCIAL_WELFARE_COUNCIL,
                "",
                [
                    "専門職への研修・地域住民が担い手となる取組の検討",
                    "",
                    "地域住民が担い手となる取組の実施",
                    "",
                    "",
                ],
                [("in_progress", ""), ("in_progress", "")],
            ),
        ],
    ),
]

# 成果目標: (label, catalogue code or "" for a manual figure, unit, definition of a manual figure,
# targets for 令和6〜10年度, manual figures for 令和6・7年度). Modelled on 芦屋's numeric targets;
# the actuals of coded ones are counted from the demo's records.
INDICATORS = [
    ("相談件数", "consultations", "件", "", [10, 12, 14, 16, 18], []),
    ("つなぐシートの件数", "sheets", "件", "", [5, 6, 7, 8, 9], []),
    ("期限内に受理されたつなぐシート", "sheets_in_time", "件", "", [5, 6, 7, 8, 9], []),
    ("多機関協働の新規ケース", "coordination_cases", "件", "", [4, 5, 6, 6, 6], []),
    ("支援プランの作成", "plans_approved", "件", "", [3, 4, 5, 6, 6], []),
    ("重層的支援会議・支援会議の開催", "meetings_held", "回", "", [6, 6, 6, 6, 6], []),
    ("事例検討", "cases_discussed", "件", "", [6, 6, 6, 6, 6], []),
    ("協働ケース", "collaborative_cases", "件", "", [6, 6, 6, 6, 6], []),
    ("終結したケース", "cases_closed", "件", "", [1, 2, 3, 3, 3], []),
    ("アウトリーチの対象者", "outreach_targets", "人", "", [5, 5, 6, 6, 6], []),
    ("アウトリーチの訪問", "outreach_visits", "件", "", [10, 12, 12, 12, 12], []),
    (
        "支援のきっかけとなった人（アウトリーチ）",
        "outreach_connected",
        "人",
        "",
        [2, 3, 3, 4, 4],
        [],
    ),
    ("参加の場の利用につながった人数", "participation_started", "件", "", [5, 5, 5, 5, 5], []),
    ("参加支援の協力事業者", "participation_partners", "者", "", [1, 2, 3, 4, 5], []),
    ("居場所の開催", "community_gatherings", "回", "", [12, 12, 24, 24, 24], []),
    ("地域づくりの拠点", "community_places", "か所", "", [3, 3, 4, 4, 5], []),
    (
        "地域の活動の参加者（延べ）",
        "community_participants",
        "人",
        "",
        [300, 500, 600, 700, 800],
        [],
    ),
    ("地域の活動に参加した機関", "community_organizations", "機関", "", [4, 6, 8, 9, 10], []),
    ("地域課題の提起", "community_issues", "件", "", [3, 3, 4, 4, 4], []),
    (
        "協力企業・団体",
        "",
        "団体",
        "参加支援・地域づくりに協力する企業・団体の数（年度末に推進課が確認）。",
        [5, 6, 7, 8, 9],
        [4, 6],
    ),
]
