"""Time people search end to end as a coordinator (sees everyone) and as a consultant (sees one
organisation), against the targets for 2-character queries, with the plan of the page query
and a LIKE scan of the person table for comparison. Read-only: it writes nothing, not even
the audit rows a search from the web page writes."""

from __future__ import annotations

import statistics
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from kasane.accounts.models import User
from kasane.people.models import NameGram, Person
from kasane.people.selectors import PersonCriteria, SearchPage, search_people

# Common and rare, kanji and kana, 2 characters and longer. 高橋 must also find 髙橋.
DEFAULT_QUERIES = ["佐藤", "高橋", "さと", "たか", "タカ", "美咲", "薬袋", "たかはし", "佐藤美"]
USERNAMES = ("coordinator", "houkatsu")
TARGET_MEDIAN_MS, TARGET_P95_MS = 10.0, 30.0
WARMUP = 5
BASELINE_RUNS = 3
BASELINE_PATTERN = "%佐藤%"


@dataclass
class Result:
    query: str
    username: str
    page: SearchPage
    timings: list[float]

    @property
    def short(self) -> bool:
        return len(PersonCriteria(name=self.query).name_key) <= 2

    @property
    def shown(self) -> str:
        return (
            f"{self.page.total:,}件以上"
            if self.page.total_is_estimate
            else f"{self.page.total:,}件"
        )


def _ms(seconds: float) -> float:
    return seconds * 1000


def _p95(timings: list[float]) -> float:
    return (
        statistics.quantiles(timings, n=20, method="inclusive")[-1]
        if len(timings) > 1
        else timings[0]
    )


def _pad(text: str, width: int) -> str:
    """Left-align in a monospaced terminal, where 全角 characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


class Command(BaseCommand):
    help = (
        "人の検索（search_people）の速さを測ります。generate_people で人を生成してから実行します。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=200, help="検索語・利用者ごとの測定回数")
        parser.add_argument("--queries", nargs="+", default=DEFAULT_QUERIES, help="検索語")

    def handle(self, *args: Any, **options: Any) -> None:
        # Measure as production runs: with DEBUG on, Django would also log every query.
        with override_settings(DEBUG=False):
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        users = list(User.objects.select_related("organization").filter(username__in=USERNAMES))
        if len(users) != len(USERNAMES):
            raise CommandError(
                "デモ利用者がいません。先に manage.py load_demo を実行してください。"
            )
        users.sort(key=lambda user: USERNAMES.index(user.username))
        self.stdout.write(self._header(users))
        results = [
            self._measure(user, query, options["runs"])
            for query in options["queries"]
            for user in users
        ]
        self._print_table(results)
        self._print_summary([result for result in results if result.short])
        self._print_variant_check(users[0])
        if connection.vendor == "postgresql":
            for user in users:
                self._print_plan(user, options["queries"][0])
        self._print_baseline()

    def _header(self, users: list[User]) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM people_person")
            people = cursor.fetchone()[0]
        scopes = "、".join(f"{user.username}（{user.organization.name}）" for user in users)
        return f"{connection.vendor}、{people:,}人。利用者: {scopes}"

    def _measure(self, user: User, query: str, runs: int) -> Result:
        criteria = PersonCriteria(name=query)
        for _ in range(WARMUP):
            page = search_people(user, criteria, page=1)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            page = search_people(user, criteria, page=1)
            timings.append(time.perf_counter() - started)
        return Result(query, user.username, page, timings)

    def _print_table(self, results: list[Result]) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"{_pad('検索語', 10)}{_pad('利用者', 13)}{_pad('件数', 14)}"
            f"{'中央値ms':>9}{'p95 ms':>9}{'最大ms':>9}"
        )
        for result in results:
            timings = result.timings
            self.stdout.write(
                f"{_pad(result.query, 10)}{_pad(result.username, 13)}{_pad(result.shown, 14)}"
                f"{_ms(statistics.median(timings)):>9.1f}{_ms(_p95(timings)):>9.1f}"
                f"{_ms(max(timings)):>9.1f}"
            )

    def _print_summary(self, short: list[Result]) -> None:
        if not short:
            return
        timings = [timing for result in short for timing in result.timings]
        median, p95 = _ms(statistics.median(timings)), _ms(_p95(timings))
        verdict = "達成" if median <= TARGET_MEDIAN_MS and p95 <= TARGET_P95_MS else "未達"
        self.stdout.write("")
        self.stdout.write(
            f"2文字の検索 全体: 中央値 {median:.1f} ms（目標 {TARGET_MEDIAN_MS:.0f} ms）、"
            f"p95 {p95:.1f} ms（目標 {TARGET_P95_MS:.0f} ms）→ {verdict}"
        )
        self.stdout.write(
            "（利用者の役割は初回の検索で読み込み済み。画面からの検索では役割の読み込み1回と"
            "監査ログの書き込みが加わります）"
        )

    def _print_variant_check(self, user: User) -> None:
        """高橋 finds 髙橋: through the index rows, and for one 髙橋 by name."""
        variants = NameGram.objects.filter(gram="高橋", person__family_name="髙橋").count()
        self.stdout.write("")
        self.stdout.write(f"「高橋」の索引行のうち髙橋の人: {variants:,}人")
        person = Person.objects.filter(family_name="髙橋").order_by("pk").first()
        if person is not None:
            query = f"高橋{person.given_name}"
            found = search_people(user, PersonCriteria(name=query), page=1)
            result = "見つかる" if person in found.people else "見つからない"
            self.stdout.write(f"「{query}」で {person.full_name}（id {person.pk}）が{result}")

    def _print_plan(self, user: User, query: str) -> None:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            search_people(user, PersonCriteria(name=query), page=1)
        sql = next(
            item["sql"]
            for item in captured.captured_queries
            if '"people_namegram"' in item["sql"] and "ORDER BY" in item["sql"]
        )
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        self.stdout.write("")
        self.stdout.write(f"「{query}」（{user.username}）の1ページ目の問い合わせ:")
        self.stdout.write(f"  {sql}")
        for line in plan:
            self.stdout.write(f"  {line}")

    def _print_baseline(self) -> None:
        """The naive way, for comparison: a LIKE over every person's name."""
        where = "FROM people_person WHERE family_name || given_name LIKE %s"
        self.stdout.write("")
        self.stdout.write(
            f"比較（LIKE '{BASELINE_PATTERN}' で人の表を走査、{BASELINE_RUNS}回の中央値）:"
        )
        for label, sql in (
            ("件数", f"SELECT count(*) {where}"),
            ("1ページ", f"SELECT id {where} ORDER BY family_kana, given_kana LIMIT 50"),
        ):
            timings, rows = [], 0
            with connection.cursor() as cursor:
                for _ in range(BASELINE_RUNS):
                    started = time.perf_counter()
                    cursor.execute(sql, [BASELINE_PATTERN])
                    fetched = cursor.fetchall()
                    timings.append(time.perf_counter() - started)
                    rows = fetched[0][0] if label == "件数" else len(fetched)
            median = _ms(statistics.median(timings))
            self.stdout.write(f"  {label}: {median:,.1f} ms（{rows:,}行）")
