"""デモ市's area profiles (地域プロフィール・地域ビジョン) for its four 圏域, and the city's
statistics by 町丁目 (statistics.csv beside this file, the import's format: every 町丁目 for
2025 and 2026). A contract: 東圏域's vision was agreed at its 住民懇談会 on 2025-11-15 and
its profile has two versions, so that the history shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

STATISTICS_CSV = Path(__file__).with_name("statistics.csv")
# Who imports the statistics (the import is for coordinators and admins).
STATISTICS_LOADER = "admin"

EAST_VISION_AGREED_ON = dt.date(2025, 11, 15)
EAST_VISION_AGREED_AT = "東圏域 住民懇談会"

# 圏域 → its versions, oldest first: (written on, by whom, strengths, issues, vision, agreed on,
# agreed at).
PROFILES: dict[str, list[tuple[dt.date, str, str, str, str, dt.date | None, str]]] = {
    "東圏域": [
        (
            dt.date(2025, 6, 20),
            "chiiki",
            "町会・自治会の加入率が高く、旭町の商店街に顔なじみの関係が残っている。"
            "桜台地区ではサロンが月2回開かれている。",
            "高齢化率が市内で2番目に高い。8050世帯の孤立が支援会議で続けて話題になっている。"
            "東町には集まれる場所が少ない。",
            "",
            None,
            "",
        ),
        (
            dt.date(2025, 11, 20),
            "chiiki",
            "町会・自治会の加入率が高く、旭町の商店街に顔なじみの関係が残っている。"
            "桜台地区ではサロンが月2回開かれている。住民懇談会に40人が集まった。",
            "高齢化率が市内で2番目に高い。8050世帯の孤立が支援会議で続けて話題になっている。"
            "東町には集まれる場所が少ない。買い物に困る高齢者が増えている。",
            "「おたがいさま」で、ひとりで抱え込まない東圏域。\n"
            "困りごとに気づいたら声をかけ合い、だれでも立ち寄れる場所が歩いて行ける範囲にある。",
            EAST_VISION_AGREED_ON,
            EAST_VISION_AGREED_AT,
        ),
    ],
    "西圏域": [
        (
            dt.date(2025, 9, 5),
            "coordinator",
            "子育て世帯が多く、緑ヶ丘の公園を中心に子育てサークルが活発。",
            "転入世帯が多く、地域とのつながりが薄い。外国籍の住民への情報が届きにくい。",
            "新しく来た人も、前から住む人も、顔の見える西圏域。",
            dt.date(2025, 7, 10),
            "西圏域 福祉のまちづくり委員会",
        ),
    ],
    "南圏域": [
        (
            dt.date(2025, 10, 1),
            "coordinator",
            "民生委員の欠員がなく、見守り活動が続いている。港地区に企業の協力がある。",
            "ごみ出しが難しい高齢者が増えている。南町は坂が多く、通いの場まで遠い。",
            "",
            None,
            "",
        ),
    ],
    "北圏域": [
        (
            dt.date(2025, 8, 25),
            "coordinator",
            "山手地区に空き店舗があり、活用の申し出がある。",
            "若者の居場所がない。ひきこもりの相談が増えている。",
            "若い人も年を重ねた人も、居場所と出番のある北圏域（案：住民懇談会で話し合う予定）。",
            None,
            "",
        ),
    ],
}
