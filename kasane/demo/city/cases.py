"""The named cases (支援ケース) with their assessments, plans, notes and evaluations."""

from __future__ import annotations

from typing import Any

# The named cases (issue 5), loaded through the cases' services so they are audited. Days count
# back from the day of loading (`*_in` forward): `opened` is the 受付日 and each step moves the
# status on its day. The assessment is saved once the case reaches アセスメント and the plan is
# drafted and approved once it reaches プラン作成 (by the coordinator, or at the meeting named by
# `approved_at`, which also moves the case to 支援中); then come the notes, then the evaluation.
# People are "氏 名" within the case's household, organisations go by name, workers by username.
# `sheet` names the sender of the つなぐシート the case was opened from, `request` the sender of
# the consultation passed to coordination; `opened` may be "on_acceptance": the day that
# referral was accepted.
CASES: list[dict[str, Any]] = [
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
