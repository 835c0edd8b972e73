"""The demo's unread お知らせ (issue 14): what each named user finds when they first log in.
Each is what a rule would have written at the time (the rules write the same texts);
`about` names the record by the demo's own names."""

from __future__ import annotations

# (username, kind, text, about, hours ago). `about` is ("case", household), ("meeting",
# title), ("consultation", household), ("referral", subject name) or ("sent_referral",
# subject name).
NOTICES = [
    ("coordinator", "urgent_consultation", "緊急の相談が届きました", ("consultation", "髙橋家"), 2),
    ("coordinator", "referral_received", "つなぐシートが届きました", ("referral", "山本 勇"), 20),
    ("houkatsu", "case_team", "主担当になりました", ("case", "鈴木家"), 26),
    ("houkatsu", "meeting", "会議に招集されました", ("meeting", "週次チーム会議"), 30),
    (
        "zeimu",
        "referral_status",
        "送ったつなぐシートが受理されました",
        ("sent_referral", "鈴木 一郎"),
        50,
    ),
    ("csw", "case_team", "チームに加わりました", ("case", "鈴木家"), 26),
    ("csw", "meeting", "会議に招集されました", ("meeting", "北圏域支援会議"), 4),
]
