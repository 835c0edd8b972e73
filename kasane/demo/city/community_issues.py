"""デモ市's 地域課題 and 取組 (issue 17): eight issues across the four 圏域, a project that
created a 居場所 now in the directory, and the four 福祉のまちづくり委員会 they are raised at.
A contract: other tests rely on these titles. Days count back from the day of loading. No issue
names a person.

- 北圏域「若者の居場所がない」: from participation's unmet need (no 居場所 for young adults in
  北圏域), 検討中.
- 南圏域「ごみ出しが難しい高齢者の増加」: raised by 南圏域福祉のまちづくり委員会, 提起.
- 東圏域「8050世帯の孤立」: raised at the 週次チーム会議, 取組中 with the project
  「ひきこもりがちな人の居場所づくり」, which created 居場所カフェ ひだまり (in the directory).
"""

from __future__ import annotations

from typing import Any

# (name, 圏域): the 福祉のまちづくり委員会 per 圏域 (created only if missing, by name).
COMMITTEES: list[tuple[str, str]] = [
    ("東圏域福祉のまちづくり委員会", "東圏域"),
    ("西圏域福祉のまちづくり委員会", "西圏域"),
    ("南圏域福祉のまちづくり委員会", "南圏域"),
    ("北圏域福祉のまちづくり委員会", "北圏域"),
]

# Each issue: who wrote it, where, what; `moves` are (status, days ago, note) after 提起.
ISSUES: list[dict[str, Any]] = [
    {
        "title": "若者の居場所がない",
        "by": "coordinator",
        "area": "北圏域",
        "theme": "isolation",
        "raised_by": "staff",
        "days_ago": 40,
        "noticed": "参加支援で、日中に立ち寄れる場を探す若い人に合う場が、北圏域には見つからない。",
        "voices": "「昼間に行けるところがあれば」という声を家族会で聞いた。",
        "evidence": "参加支援の「足りない社会資源」に、北圏域の若い世代の居場所が記録されている。",
        "unmet_need": "北圏域には、若い人が日中に立ち寄れる居場所がない。",
        "moves": [("considering", 20, "委員会と社協で、場所の候補を話し合う。")],
    },
    {
        "title": "ごみ出しが難しい高齢者の増加",
        "by": "coordinator",
        "area": "南圏域",
        "theme": "care",
        "raised_by": "committee",
        "committee": "南圏域福祉のまちづくり委員会",
        "days_ago": 25,
        "noticed": "集積所まで坂を下りられず、ごみを出せない一人暮らしの高齢者が増えている。",
        "voices": "町会長から「ごみ出しの手伝いを頼まれることが増えた」と報告があった。",
        "evidence": "委員会の定例会で、3つの町会から同じ報告があった。",
        "moves": [],
    },
    {
        "title": "8050世帯の孤立",
        "by": "coordinator",
        "area": "東圏域",
        "theme": "isolation",
        "raised_by": "team_meeting",
        "meeting": "週次チーム会議",
        "days_ago": 3,
        "noticed": (
            "高齢の親と、長くひきこもっている中高年の子の世帯が、地域とのつながりを失っている。"
            "親の入院などで一度に困りごとが表面化する。"
        ),
        "voices": "",
        "evidence": "チーム会議で、同じ形の世帯の相談が続いていることが共有された。",
        "moves": [("considering", 2, "")],
        "project": {
            "title": "ひきこもりがちな人の居場所づくり",
            "description": "家以外に過ごせる場を、地域の団体と一緒に開く。家族の相談会も開く。",
            "leads": "社会福祉協議会と地域の居場所の運営団体",
            "organizations": ["社会福祉協議会"],
            "days_ago": 1,
            "resources": ["居場所カフェ ひだまり"],
        },
    },
    {
        "title": "認知症の人の見守り",
        "by": "coordinator",
        "area": "西圏域",
        "theme": "welfare",
        "raised_by": "residents_meeting",
        "days_ago": 60,
        "noticed": "道に迷う高齢者を見かけるが、どこに知らせればよいか分からないという声が多い。",
        "voices": "「声をかけてよいのか迷う」と住民懇談会で聞いた。",
        "evidence": "",
        "moves": [("considering", 45, "見守りの連絡先を地区ごとに整理する。")],
    },
    {
        "title": "外国籍世帯の孤立",
        "by": "coordinator",
        "area": "南圏域",
        "theme": "isolation",
        "raised_by": "staff",
        "days_ago": 15,
        "noticed": "港地区で、日本語が苦手な世帯が地域の行事や制度の案内から取り残されている。",
        "voices": "",
        "evidence": "",
        "moves": [],
    },
    {
        "title": "買い物が難しい",
        "by": "coordinator",
        "area": "北圏域",
        "theme": "welfare",
        "raised_by": "committee",
        "committee": "北圏域福祉のまちづくり委員会",
        "days_ago": 120,
        "noticed": "山手地区のスーパーが閉店し、車のない高齢者が買い物に困っている。",
        "voices": "「バスで隣の町まで行くのがつらい」",
        "evidence": "",
        "moves": [
            ("considering", 100, ""),
            ("watching", 70, "移動販売が週2回来るようになった。様子を見守る。"),
        ],
    },
    {
        "title": "通いの場の担い手不足",
        "by": "chiiki",
        "area": "東圏域",
        "theme": "prevention",
        "raised_by": "residents_meeting",
        "days_ago": 10,
        "noticed": "体操の通いの場を続けてきた世話役が高齢になり、次の担い手が見つからない。",
        "voices": "「続けたいが、鍵の開け閉めだけでも誰かに頼みたい」",
        "evidence": "",
        "moves": [],
    },
    {
        "title": "災害時の要支援者",
        "by": "coordinator",
        "area": "西圏域",
        "theme": "safety",
        "raised_by": "committee",
        "committee": "西圏域福祉のまちづくり委員会",
        "days_ago": 200,
        "noticed": "避難に手助けが要る人を、町会と民生委員で共有する仕組みがない。",
        "voices": "",
        "evidence": "",
        "moves": [
            ("considering", 180, ""),
            ("resolved", 90, "町会ごとの避難支援の名簿づくりが始まった。"),
        ],
    },
]
