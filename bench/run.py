"""The load driver of `make bench` (issue 20): Locust as a library, against a running Kasane.

`bin/bench` starts gunicorn and writes the targets (`manage.py bench_targets`); this module
signs the demo users in, then for each page runs (a) one client's sequential requests,
(b) a fixed offered rate, (c) saturation with concurrent users that never wait, and then
(d) the mixed office load at saturation, and writes the report to var/bench/.

It never imports Django: Locust patches the process with gevent on import, which must happen
before anything imports ssl or opens a socket.

    BENCH_URL=http://127.0.0.1:8100 .venv/bin/python -m bench.run
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
import locust  # patches the standard library with gevent (nothing above imports ssl)
from gevent.pool import Pool
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment

from bench.config import MIX, Config, ConfigError, chosen_pages, config_from
from bench.report import (
    Mix,
    PageResult,
    Sample,
    Summary,
    as_json,
    error_of,
    in_window,
    markdown,
    mix_shares,
    summarize,
)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_URL = "/login/"
CODE_URL = "/login/code/"
LOGINS_AT_ONCE = 4  # Argon2 is slow on purpose: a few at a time keep the server responsive
DRAIN_SECONDS = 60  # how long the last requests of a phase may take to come back
UNANSWERED = f"{DRAIN_SECONDS} 秒以内に応答なし"

Page = dict[str, Any]


class LoginFailed(RuntimeError):
    """A demo user could not sign in. Not retried: django-axes locks an account after five
    failures, and a locked demo user would fail every later run too."""


class Recorder:
    """Every request a session sends, as Samples, while a phase records."""

    def __init__(self) -> None:
        self.events = locust.Events()
        self.events.request.add_listener(self._on_request)
        self.samples: list[Sample] | None = None

    def _on_request(self, *, name: str, start_time: float, response_time: float, **kw: Any) -> None:
        if self.samples is not None:
            exception = kw.get("exception")
            error = None if exception is None else str(exception) or type(exception).__name__
            self.samples.append(Sample(name, start_time, response_time, error))

    def start(self) -> list[Sample]:
        self.samples = []
        return self.samples

    def stop(self) -> list[Sample]:
        samples, self.samples = self.samples or [], None
        return samples


def fetch(session: FastHttpSession, page: Page) -> None:
    """GET one page as its user's session; redirects are not followed, so that a redirect to
    the login page shows as the error it is."""
    with session.get(
        page["url"], name=page["name"], allow_redirects=False, catch_response=True
    ) as response:
        reason = error_of(response.status_code or 0, response.headers.get("Location"))
        if reason:
            response.failure(reason)
        else:
            response.success()


def _post_form(
    session: FastHttpSession, url: str, fields: dict[str, str], page: Any = None
) -> tuple[int, str]:
    """POST the fields with the CSRF token of the form page (fetched unless given); the
    answer's status and Location."""
    page = page or session.get(url, name="login")
    token = CSRF_FIELD.search(page.text or "")
    if page.status_code != 200 or token is None:
        raise LoginFailed(f"{url} answered {page.status_code} without a CSRF token")
    answer = session.post(
        url,
        name="login",
        data=urlencode({"csrfmiddlewaretoken": token.group(1), **fields}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
    )
    location = answer.headers.get("Location") if answer.headers else None
    return answer.status_code, str(location or "")


def sign_in(session: FastHttpSession, username: str, password: str, codes: list[str]) -> None:
    """Sign in as a browser does: the login page for its CSRF token, then the form; a user
    enrolled in 2段階認証 then gives one of the backup codes `bench_targets` printed (the code
    page sends a session that owes nothing on)."""
    status, location = _post_form(session, LOGIN_URL, {"username": username, "password": password})
    if status != 302 or location.split("?")[0] == LOGIN_URL:
        raise LoginFailed(
            f"{username}: login answered {status} (429: locked out by django-axes; "
            "200: wrong password, see KASANE_DEMO_PASSWORD)"
        )
    page = session.get(CODE_URL, name="login", allow_redirects=False)
    if page.status_code == 302:
        return
    if not codes:
        raise LoginFailed(f"{username}: asks for a second factor and no backup code is left")
    status, location = _post_form(session, CODE_URL, {"code": codes.pop()}, page)
    if status != 302 or location.split("?")[0] == CODE_URL:
        raise LoginFailed(f"{username}: the backup code answered {status}")


class Sessions:
    """Signed-in sessions, `slots` for each demo user (one per simulated user, as each office
    worker has their own), and anonymous ones for /healthz."""

    def __init__(self, config: Config, recorder: Recorder) -> None:
        self.config, self.recorder = config, recorder
        self.by_user: dict[str, list[FastHttpSession]] = {}

    def _new(self) -> FastHttpSession:
        return FastHttpSession(
            self.config.url, request_event=self.recorder.events.request, user=None
        )

    def open(self, usernames: set[str], password: str, backup_codes: dict[str, list[str]]) -> None:
        """Each user's first session signs in alone (a wrong password fails once, far from
        the lockout), the others a few at a time; each enrolled user's session takes one of
        its backup codes."""
        self.by_user[""] = [self._new() for _ in range(self.config.slots)]
        jobs: list[tuple[str, FastHttpSession]] = []
        for username in sorted(usernames):
            sessions = [self._new() for _ in range(self.config.slots)]
            sign_in(sessions[0], username, password, backup_codes.get(username, []))
            self.by_user[username] = sessions
            jobs += [(username, session) for session in sessions[1:]]
        pool = Pool(LOGINS_AT_ONCE)
        greenlets = [
            pool.spawn(sign_in, session, user, password, backup_codes.get(user, []))
            for user, session in jobs
        ]
        for greenlet in greenlets:
            greenlet.join()
            if greenlet.exception is not None:
                raise greenlet.exception

    def get(self, username: str, slot: int) -> FastHttpSession:
        sessions = self.by_user[username]
        return sessions[slot % len(sessions)]


class BenchUser(locust.User):
    """A simulated office worker: its number picks its sessions, `next_at` paces it."""

    abstract = True
    slot = 0
    next_at = 0.0


class Phase:
    """One timed run of Locust users: they request until the deadline, then idle while the
    last requests come back, so that no request is cut off mid-flight."""

    def __init__(self, sessions: Sessions, pick: Callable[[random.Random], Page]) -> None:
        self.sessions, self.pick = sessions, pick
        self.deadline = float("inf")
        self.in_flight = 0

    def visit(self, slot: int, rng: random.Random) -> None:
        if time.monotonic() >= self.deadline:
            gevent.sleep(0.05)
            return
        page = self.pick(rng)
        self.in_flight += 1
        try:
            fetch(self.sessions.get(page["user"], slot), page)
        finally:
            self.in_flight -= 1

    def user_class(self, wait_time: Callable[..., float], stagger: float) -> type[BenchUser]:
        """Users numbered from 0 (each uses its own sessions), the n-th starting n × `stagger`
        seconds late: Locust starts a second's worth of users at once, which would make them
        all ask in the same instant, every second."""
        phase = self

        class PhaseUser(BenchUser):
            slots = iter(range(1_000_000))

            def on_start(self) -> None:
                self.slot = next(PhaseUser.slots)
                self.rng = random.Random(self.slot)
                gevent.sleep(self.slot * stagger)
                self.next_at = time.monotonic()

            @locust.task
            def visit(self) -> None:
                phase.visit(self.slot, self.rng)

        PhaseUser.wait_time = wait_time
        return PhaseUser

    def run(
        self,
        *,
        users: int,
        stagger: float,
        wait_time: Callable[..., float],
        seconds: float,
        warmup: float,
        recorder: Recorder,
    ) -> tuple[list[Sample], float]:
        """Run for warmup + seconds; return the requests answered after the warm-up, and an
        error for each still unanswered a minute after the end."""
        environment = Environment(
            user_classes=[self.user_class(wait_time, stagger)], events=recorder.events
        )
        runner = environment.create_local_runner()
        recorder.start()
        started = time.time()
        self.deadline = time.monotonic() + warmup + seconds
        runner.start(users, spawn_rate=users)  # all at once; `stagger` spreads them
        gevent.sleep(warmup + seconds)
        drained = time.monotonic() + DRAIN_SECONDS
        while self.in_flight and time.monotonic() < drained:
            gevent.sleep(0.05)
        unanswered = self.in_flight  # still waiting after the drain: counted as errors
        runner.quit()
        samples = recorder.stop()
        window = in_window(samples, started + warmup, started + warmup + seconds)
        lost = Sample("unanswered", started, DRAIN_SECONDS * 1000, UNANSWERED)
        return window + [lost] * unanswered, seconds


def once_a_second(user: BenchUser) -> float:
    """Wait until the user's next whole second from its start (at once when late, without
    catching up). Locust's constant_throughput(1) does the same but counts from the user's
    creation, which would undo the stagger and make every user ask in the same instant."""
    now = time.monotonic()
    user.next_at = max(user.next_at + 1, now)
    return user.next_at - now


def one_client(sessions: Sessions, recorder: Recorder, page: Page, requests: int) -> Summary:
    """(a) One user alone: `requests` in a row, after two unrecorded ones (both workers warm)."""
    session = sessions.get(page["user"], 0)
    for _ in range(2):
        fetch(session, page)
    recorder.start()
    started = time.monotonic()
    for _ in range(requests):
        fetch(session, page)
    seconds = time.monotonic() - started
    return summarize(recorder.stop(), seconds)


def fixed_rate(sessions: Sessions, recorder: Recorder, page: Page, config: Config) -> Summary:
    """(b) `rate` users each asking once a second, started 1/rate s apart, so requests arrive
    spread over each second; a slow page makes them fall behind, and the achieved rate shows it."""
    phase = Phase(sessions, only(page))
    samples, seconds = phase.run(
        users=config.rate,
        stagger=1 / config.rate,
        wait_time=once_a_second,
        seconds=config.seconds,
        warmup=max(config.warmup_seconds, 1.0),
        recorder=recorder,
    )
    return summarize(samples, seconds)


def saturate(
    sessions: Sessions,
    recorder: Recorder,
    pick: Callable[[random.Random], Page],
    config: Config,
    seconds: float,
) -> list[Sample]:
    """(c, d) `concurrency` users that never wait: what the server does at most."""
    phase = Phase(sessions, pick)
    samples, _ = phase.run(
        users=config.concurrency,
        stagger=0,
        wait_time=locust.constant(0),
        seconds=seconds,
        warmup=config.warmup_seconds,
        recorder=recorder,
    )
    return samples


def only(page: Page) -> Callable[[random.Random], Page]:
    return lambda rng: page


def office_mix(pages: list[Page]) -> tuple[dict[str, float], Callable[[random.Random], Page]]:
    """The mixed office load: a group by its share (home 30 %, search 20 %, …), then one of
    its pages at random."""
    groups: dict[str, list[Page]] = {}
    for page in pages:
        if page.get("mix"):
            groups.setdefault(page["mix"], []).append(page)
    shares = mix_shares(MIX, set(groups))
    names, weights = list(shares), list(shares.values())

    def pick(rng: random.Random) -> Page:
        return rng.choice(groups[rng.choices(names, weights)[0]])

    return shares, pick


def run_pages(
    sessions: Sessions, recorder: Recorder, pages: list[Page], config: Config
) -> list[PageResult]:
    results = []
    for page in pages:
        result = PageResult(page["name"], page["user"], page["url"])
        print(f"… {page['name']} ({page['user'] or 'anonymous'}) {page['url']}", file=sys.stderr)
        if "one" in config.phases:
            result.one_client = one_client(sessions, recorder, page, config.requests)
        if "rate" in config.phases:
            result.fixed_rate = fixed_rate(sessions, recorder, page, config)
        if "saturation" in config.phases:
            samples = saturate(sessions, recorder, only(page), config, config.saturation_seconds)
            result.saturation = summarize(samples, config.saturation_seconds)
        results.append(result)
    return results


def run_mix(
    sessions: Sessions, recorder: Recorder, pages: list[Page], config: Config
) -> Mix | None:
    shares, pick = office_mix(pages)
    if not shares:
        return None
    print(f"… mixed office load {shares}", file=sys.stderr)
    samples = saturate(sessions, recorder, pick, config, config.mix_seconds)
    group_of = {page["name"]: page["mix"] for page in pages}
    groups = {
        group: summarize([s for s in samples if group_of.get(s.name) == group], config.mix_seconds)
        for group in shares
    }
    return summarize(samples, config.mix_seconds), groups, shares


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def facts(targets: dict[str, Any], config: Config) -> dict[str, Any]:
    counts = ", ".join(f"{name} {count:,}" for name, count in targets["counts"].items())
    env = os.environ
    server = (
        f"gunicorn kasane.wsgi, {env.get('BENCH_WORKERS', '?')} workers, "
        f"{env.get('BENCH_WORKER_CLASS', '?')}, {env.get('BENCH_THREADS', '?')} threads; "
        f"KASANE_DEBUG={env.get('KASANE_DEBUG', '?')}, "
        f"KASANE_DB_CONN_MAX_AGE={env.get('KASANE_DB_CONN_MAX_AGE', '?')}"
    )
    return {
        "date (UTC)": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
        "commit": os.environ.get("BENCH_COMMIT", "unknown"),
        "database": f"{targets['database']} ({targets['vendor']})",
        "rows": counts,
        "server": server,
        "cores (nproc)": len(os.sched_getaffinity(0)),
        "phases": (
            f"one client {config.requests} requests; fixed rate {config.rate} req/s for "
            f"{config.seconds:g} s; saturation {config.concurrency} users for "
            f"{config.saturation_seconds:g} s; mix {config.mix_seconds:g} s; "
            f"warm-up {config.warmup_seconds:g} s left out; run: {', '.join(config.phases)}"
        ),
    }


def write(config: Config, report: str, data: str) -> Path:
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"{stamp}.json").write_text(data, encoding="utf-8")
    path = out / f"{stamp}.md"
    path.write_text(report, encoding="utf-8")
    return path


def main() -> int:
    try:
        config = config_from(os.environ)
        targets = json.loads(Path(config.targets).read_text(encoding="utf-8"))
        pages = chosen_pages(targets["pages"], config.pages)
    except (ConfigError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    recorder, sessions = Recorder(), None
    sessions = Sessions(config, recorder)
    used = {page["user"] for page in pages if page["user"]}
    if "mix" in config.phases:
        used |= {page["user"] for page in targets["pages"] if page.get("mix") and page["user"]}
    before = load_average()
    try:
        sessions.open(used, targets["password"], targets.get("backup_codes", {}))
    except LoginFailed as error:
        print(f"bench: ログインできません / cannot sign in: {error}", file=sys.stderr)
        return 1
    results = run_pages(sessions, recorder, pages, config)
    mix_pages = [p for p in targets["pages"] if not config.pages or p["name"] in config.pages]
    mix = run_mix(sessions, recorder, mix_pages, config) if "mix" in config.phases else None
    run_facts = {
        **facts(targets, config),
        "load average before": before,
        "load average after": load_average(),
    }
    title = f"Kasane bench {run_facts['date (UTC)']} UTC"
    report = markdown(
        title=title,
        facts=run_facts,
        results=results,
        rate=config.rate,
        concurrency=config.concurrency,
        mix=mix,
    )
    path = write(config, report, as_json(facts=run_facts, results=results, mix=mix))
    print(report)
    print(f"bench: {path} (+ .json)", file=sys.stderr)
    errors = sum(result.errors for result in results) + (mix[0].errors if mix else 0)
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("bench: interrupted, no report written", file=sys.stderr)
        sys.exit(130)
