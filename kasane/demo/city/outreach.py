"""デモ市's アウトリーチ対象 (issue 15): who is on csw's watch list, and every contact attempt.

Each attempt is (days ago, time, method, companion, result, safety, what was seen); the last
one carries the next contact date (`next_in` days from today, negative: already past). Targets
without `person` are not yet identified: `area` and `description` say who. Each review (見直し)
is (days ago, decision, the new plan of approach, the next review: "this_month", or None for
three months on, close reason); `case` names the household of the case opened from the target
(one of `city.CASES`, by its main person)."""

from __future__ import annotations

from typing import Any

OUTREACH: list[dict[str, Any]] = [
    {
        "by": "csw",
        "person": ("山本家", "山本 勇"),
        "source": "meeting",
        # suido's sheet (water unpaid, the mailbox overflowing) came with the 支援会議's decision.
        "referral": "山本 勇",
        "noticed": (
            "独居の70代男性。セルフネグレクトとごみ屋敷の疑い。上下水道局のつなぐシートと"
            "支援会議の決定で、社協が訪問を続ける。本人は支援を拒んでいる。"
        ),
        "aims": ["safety", "relationship"],
        "risk": "high",
        "registered_days_ago": 90,
        # The review due this month follows the one six weeks ago.
        "attempts": [
            (88, "10:00", "visit", "", "absent", "na", "呼び鈴に応答なし。郵便受けに郵便物。"),
            (78, "16:30", "visit", "", "absent", "na", "不在。雨戸が閉まったまま。"),
            (66, "11:00", "phone", "", "no_answer", "not_confirmed", "固定電話に応答なし。"),
            (50, "10:30", "note", "", "absent", "na", "郵便物があふれていた。置き手紙をした。"),
            (
                35,
                "14:00",
                "visit",
                "",
                "refused",
                "confirmed",
                "インターホン越しに「帰ってくれ」。",
            ),
            (25, "15:00", "visit", "", "absent", "na", "不在。玄関先にごみ袋が増えている。"),
            (12, "10:00", "visit", "", "refused", "confirmed", "玄関先で拒否。顔色は悪くない。"),
            (4, "10:15", "visit", "", "met", "confirmed", "玄関先で3分ほど会えた。足取りは確か。"),
        ],
        "next_in": 3,
        "next_step": "民生委員と一緒に再訪問し、ごみ出しの話をきっかけにする",
        "reviews": [
            (
                45,
                "continue",
                "時間帯を変えて週1回訪問し、会えないときは置き手紙を続ける。"
                "民生委員に朝の様子を見てもらう。",
                "this_month",
                "",
            ),
        ],
    },
    {
        "by": "csw",
        "area": "北町3丁目",
        "description": "北町3丁目のアパート2階の高齢男性、氏名不明",
        "source": "community",
        "noticed": (
            "北町地区の民生委員から：夜に明かりがつかない日がある。新聞が何日もたまっていた。"
        ),
        "aims": ["safety"],
        "risk": "high",
        "registered_days_ago": 20,
        "attempts": [
            (10, "11:00", "visit", "", "absent", "not_confirmed", "不在。表札なし。"),
        ],
        "next_in": -3,
        "next_step": "民生委員に大家さんの連絡先を聞く",
    },
    {
        "by": "coordinator",
        "person": ("鈴木家", "鈴木 一郎"),
        "source": "meeting",
        "noticed": (
            "20年以上ひきこもり。本人の同意はない。支援会議で、社協のアウトリーチと"
            "地区担当保健師の同行で少しずつ接点をつくると決めた。"
        ),
        "aims": ["relationship", "consultation"],
        "risk": "medium",
        "registered_days_ago": 30,
        # csw may not open 一郎's record (no consent): the coordinator, who oversees every
        # record, puts him on the list as the 支援会議 decided, and assigns the visitors.
        "assign": [
            ("社会福祉協議会", "アウトリーチ", "csw"),
            ("健康推進課", "地区担当保健師", None),
        ],
        "visits_by": "csw",
        "attempts": [
            (28, "17:00", "letter", "", "no_answer", "na", "一郎さんあての手紙を母に託した。"),
            (
                21,
                "14:00",
                "joint_visit",
                "健康推進課の地区担当保健師",
                "refused",
                "confirmed",
                "自室から出てこなかったが、母によると元気とのこと。",
            ),
            (
                7,
                "14:30",
                "joint_visit",
                "健康推進課の地区担当保健師",
                "no_answer",
                "confirmed",
                "ドア越しに声をかけた。物音で在室を確認。",
            ),
        ],
        "next_in": 10,
        "next_step": "好きだという野球の話題で手紙を書く",
    },
    {
        # An earlier target: reached 相談・支援につながった and became 小川 キヨ's case (the
        # coordinator opened it 200 days ago), then closed 支援につながった.
        "by": "coordinator",
        "person": ("小川家", "小川 キヨ"),
        "source": "community",
        "noticed": (
            "北町地区の民生委員から：特殊詐欺の被害にあってから人を避け、訪ねても出てこない。"
            "郵便受けに督促状がたまっている。"
        ),
        "aims": ["safety", "consultation"],
        "risk": "medium",
        "registered_days_ago": 240,
        "assign": [("社会福祉協議会", "アウトリーチ", "csw")],
        "visits_by": "csw",
        "attempts": [
            (238, "10:30", "visit", "", "absent", "not_confirmed", "不在。督促状が郵便受けに。"),
            (
                231,
                "15:00",
                "joint_visit",
                "民生委員",
                "refused",
                "confirmed",
                "インターホン越しに「大丈夫です」。",
            ),
            (224, "11:00", "visit", "", "met", "confirmed", "玄関先で会えた。やせた様子。"),
            (
                217,
                "11:00",
                "visit",
                "",
                "spoke",
                "confirmed",
                "被害のことを少し話してくれた。電気料金の滞納があるという。",
            ),
            (
                203,
                "10:00",
                "visit",
                "",
                "connected",
                "confirmed",
                "家計の相談を受けたいと話し、自立相談支援機関につなぐことに同意した。",
            ),
        ],
        "next_in": None,
        "next_step": "自立相談支援機関の相談に同行する",
        "case": "小川家",
        "reviews": [
            (
                210,
                "continue",
                "話せるようになった。家計と滞納の話から、自立相談支援機関の相談につなぐ。",
                None,
                "",
            ),
            (200, "close", "", None, "connected"),
        ],
    },
]
