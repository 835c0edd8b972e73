import pytest
from django.test import Client

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.front import navigation
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def test_home_shows_who_the_user_is(coordinator: User) -> None:
    body = client_for(coordinator).get("/").content.decode()
    assert "今日やること" in body
    assert "中村 真理" in body
    assert "重層的支援推進課" in body
    assert "コーディネーター（多機関協働）" in body


def test_the_navigation_names_every_program_in_order() -> None:
    assert [item.label for item in navigation.PROGRAMS] == [
        "ダッシュボード",
        "本人・世帯",
        "相談受付",
        "つなぎ",
        "つなぐシート",
        "支援ケース",
        "会議",
        "アウトリーチ",
        "参加支援",
        "社会資源",
        "地域づくり",
        "地域課題シート",
        "計画・実績",
    ]


def test_pages_not_built_yet_are_not_linked(coordinator: User) -> None:
    # Only built pages are linked: no placeholder pages.
    built = [link.label for link in navigation.links_for(coordinator, navigation.PROGRAMS)]
    assert built == [
        "ダッシュボード",
        "本人・世帯",
        "相談受付",
        "つなぎ",
        "支援ケース",
        "会議",
        "アウトリーチ",
        "参加支援",
        "社会資源",
        "地域づくり",
        "計画・実績",
    ]


@pytest.mark.parametrize("username", ["zeimu", "keisatsu", "chiiki", "kansa", "admin"])
def test_roles_without_case_work_have_no_people_menu(username: str) -> None:
    user = User.objects.get(username=username)
    assert "/people/" not in client_for(user).get("/").content.decode()


def test_a_referrer_has_only_the_sheets(zeimu: User) -> None:
    """The sheet forms and their own sheets' status: no people, no consultations, no inbox
    (a committee's liaison writes 地域課題シート too)."""
    assert [link.label for link in navigation.links_for(zeimu, navigation.PROGRAMS)] == [
        "つなぐシート",
        "地域課題シート",
    ]


def test_admin_sees_the_management_menu(admin: User) -> None:
    body = client_for(admin).get("/").content.decode()
    for label, url in (
        ("支援関係機関", "/manage/organizations/"),
        ("地域", "/manage/areas/"),
        ("利用者", "/manage/users/"),
    ):
        assert label in body and url in body
    assert "/audit/" not in body


def test_auditor_sees_the_audit_trail_and_todays_failures(kansa: User) -> None:
    Client().post("/login/", {"username": "coordinator", "password": "wrong"})
    body = client_for(kansa).get("/").content.decode()
    assert "/audit/" in body
    assert "ログイン失敗" in body
    assert "/manage/" not in body


@pytest.mark.parametrize("username", ["zeimu", "keisatsu", "chiiki", "outsider"])
def test_other_roles_see_no_management_menu(username: str) -> None:
    body = client_for(User.objects.get(username=username)).get("/").content.decode()
    assert "/manage/" not in body and "/audit/" not in body


def test_home_warns_of_failed_logins_since_the_last_one(houkatsu: User) -> None:
    client = Client()
    client.post("/login/", {"username": "houkatsu", "password": PASSWORD})
    client.post("/logout/")
    Client().post("/login/", {"username": "houkatsu", "password": "guess-1"})
    Client().post("/login/", {"username": "houkatsu", "password": "guess-2"})
    client.post("/login/", {"username": "houkatsu", "password": PASSWORD})
    body = client.get("/").content.decode()
    assert "2 回ログインに失敗しています" in body
    assert "前回のログイン" in body
    assert AuditEvent.objects.filter(action="auth.login", actor=houkatsu).count() == 2


def test_health_answers_without_login() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_meeting_guest_sees_the_meetings_menu_and_their_coming_meetings(
    keisatsu: User, coordinator: User
) -> None:
    import datetime as dt

    from django.utils import timezone

    from kasane.meetings import services

    meeting = services.meeting_schedule(
        actor=coordinator,
        kind="support",
        body=None,
        title="来週の支援会議（ホーム）",
        starts_at=timezone.now() + dt.timedelta(days=3),
        duration_minutes=60,
        place="本庁舎",
        is_online=False,
        convener=coordinator.organization,
    )
    services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    assert [link.label for link in navigation.links_for(keisatsu, navigation.PROGRAMS)] == ["会議"]
    body = client_for(keisatsu).get("/").content.decode()
    assert "来週の支援会議（ホーム）" in body and "議題 0件" in body


def test_home_counts_stop_at_the_cap_and_say_so(coordinator: User, monkeypatch) -> None:
    """The home page never counts a whole large table: past the cap it says 「N件以上」."""
    body = client_for(coordinator).get("/").content.decode()
    assert "受理を待つつなぎ（2件、" in body
    monkeypatch.setattr("kasane.core.pagination.COUNT_CAP", 1)
    body = client_for(coordinator).get("/").content.decode()
    assert "受理を待つつなぎ（1件以上、" in body
