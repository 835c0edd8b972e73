"""デモ市's 参加支援 (issue 16): the wishes and matches of 田中 由美 and 原田 康平, and one unmet
need. Days count back from the day of loading.

- 田中 由美 (参加支援 is checked in her plan): 介護者カフェ「ほっと」, 参加開始 last month; the
  1-week follow-up is recorded, the 1-month one is due (sanka's home page shows it).
- 原田 康平 (知的障害): after the 週次チーム会議's 支援決定 (3 days ago or earlier), 社会福祉協議会
  joins 原田家's team for 参加支援 (the coordinator adds it through the cases service, on the
  written consent given at intake) and the case takes the 参加支援 program; he is in 見学 at
  パン工房こむぎの就労体験.
- One unmet need: no 居場所 for young adults in 北圏域 (the directory has none there).
"""

from __future__ import annotations

from typing import Any

# Organisations joining a case's team for 参加支援: (household, organisation, worker, days ago).
TEAM_JOINS: list[tuple[str, str, str, int]] = [
    ("原田家", "社会福祉協議会", "sanka", 2),
]

PROFILES: list[dict[str, Any]] = [
    {
        "household": "田中家",
        "person": "田中 由美",
        "by": "sanka",
        "wishes": (
            "少しでいいから、一人になれる時間がほしい。同じように介護している人と話してみたい。"
        ),
        "wish_tags": ["place", "peers"],
        "days": ["1", "3"],
        "times": "午後（陽斗くんの一時預かりの間）",
        "transport": "バス",
        "health": "睡眠不足で疲れやすい。",
        "money": "お茶代くらいなら払える。",
    },
    {
        "household": "原田家",
        "person": "原田 康平",
        "by": "sanka",
        "wishes": "パンを作る仕事をしてみたい。",
        "wish_tags": ["work"],
        "days": ["1", "3"],
        "times": "午前（作業所のない日）",
        "transport": "電車（一人で乗れる）",
        "health": "知的障害。手順は写真があると分かりやすい。",
        "money": "交通費が心配。",
    },
]

# Each match: its stages with their days ago, and follow-ups (kind, days ago, still going).
MATCHES: list[dict[str, Any]] = [
    {
        "household": "田中家",
        "person": "田中 由美",
        "service": "介護者カフェ「ほっと」",
        "by": "sanka",
        "contact": "岡本",
        "notes": "陽斗くんの一時預かりの日に合わせて参加する。",
        "proposed": 50,
        "stages": [("visit", 46), ("trial", 42), ("started", 35)],
        "follow_ups": [("week", 27, True, "2回目も参加。介護の先輩と話せてよかったとのこと。")],
    },
    {
        "household": "原田家",
        "person": "原田 康平",
        "service": "パン工房こむぎの就労体験",
        "by": "sanka",
        "contact": "小川",
        "notes": "見学には障害者基幹相談支援センターの担当者も同行した。",
        "proposed": 2,
        "stages": [("visit", 1)],
        "follow_ups": [],
    },
]

UNMET_NEEDS: list[dict[str, Any]] = [
    {
        "by": "sanka",
        "theme": "place",
        "category": "ibasho",
        "area": "北圏域",
        "age_band": "young",
        "note": "北圏域には、若い人が日中に立ち寄れる居場所がない。",
    },
]
