"""No silent filters (issue 13 point 5, issue 21 point 5): every list and export that takes a
filter answers an invalid one with a Japanese message on the field and neither all rows nor
silently none: the list shows the notice instead of its table, the export sends the user back."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.test import Client, RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from kasane.audit.models import AuditEvent
from kasane.cases.models import Case
from kasane.core.filters import read_filters
from kasane.intake.forms import InboxFilterForm
from tests.conftest import client_for, queries_for

NOTICE = "絞り込みの条件に誤りがあるため、一覧を表示していません。"
NO_SUCH_DAY = "2026年2月30日という日付はありません。"
NOT_A_CHOICE = "正しく選択してください。"

# (user, list, invalid query, the field's label and the start of its message, the list's audit)
INVALID = [
    (
        "coordinator",
        "people:person_list",
        "birth_date=令和8年2月30日",
        f"生年月日：{NO_SUCH_DAY}",
        "person.search",
    ),
    (
        "coordinator",
        "people:person_list",
        "name=たなか&phone=abc",
        "電話：電話番号は数字で",
        "person.search",
    ),
    (
        "coordinator",
        "people:household_list",
        "q=" + "あ" * 51,
        "世帯名：この値は 50 文字以下",
        None,
    ),
    (
        "coordinator",
        "consultations:list",
        "date_from=令和8年2月30日",
        f"受付日（から）：{NO_SUCH_DAY}",
        "consultation.list",
    ),
    (
        "coordinator",
        "consultations:list",
        "date_from=R8.3.1&date_to=R8.2.1",
        "受付日（まで）：「まで」の日付が",
        "consultation.list",
    ),
    (
        "coordinator",
        "consultations:list",
        "route=zzz",
        f"相談経路：{NOT_A_CHOICE}",
        "consultation.list",
    ),
    (
        "coordinator",
        "consultations:list",
        "issue=99999999",
        f"課題：{NOT_A_CHOICE}",
        "consultation.list",
    ),
    ("houkatsu", "referrals:list", "status=zzz", f"状態：{NOT_A_CHOICE}", "referral.inbox"),
    ("zeimu", "referrals:sent_list", "status=zzz", f"状態：{NOT_A_CHOICE}", "referral.sent_list"),
    ("coordinator", "cases:list", "name=鈴木ハナ&status=zzz", f"状態：{NOT_A_CHOICE}", "case.list"),
    (
        "coordinator",
        "cases:list",
        "organization=99999999",
        f"チームの機関：{NOT_A_CHOICE}",
        "case.list",
    ),
    ("coordinator", "meetings:list", "when=soon", f"時期：{NOT_A_CHOICE}", "meeting.list"),
    ("coordinator", "meetings:list", "kind=zzz", f"種類：{NOT_A_CHOICE}", "meeting.list"),
    (
        "coordinator",
        "meetings:list",
        "when=all&body=99999999",
        f"会議体：{NOT_A_CHOICE}",
        "meeting.list",
    ),
    ("admin", "organizations:organization_list", "kind=zzz", f"種別：{NOT_A_CHOICE}", None),
    ("admin", "accounts:user_list", "organization=99999999", f"所属機関：{NOT_A_CHOICE}", None),
    ("admin", "accounts:user_list", "role=zzz", f"役割：{NOT_A_CHOICE}", None),
]


def _url(name: str, query: str) -> str:
    return f"{reverse(name)}?{quote(query, safe='=&')}"


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "name", "query", "message", "action"), INVALID)
def test_an_invalid_filter_shows_its_message_and_no_rows(
    username: str, name: str, query: str, message: str, action: str | None
) -> None:
    from kasane.accounts.models import User

    client = client_for(User.objects.get(username=username))
    response = client.get(_url(name, query))
    assert response.status_code == 200
    assert "page" not in response.context and "result" not in response.context
    page = response.content.decode()
    assert NOTICE in page
    assert message in page
    assert "<table" not in page
    assert "保存はされていません" not in page  # nothing is saved by a filter
    if action:  # nothing personal was shown, so nothing is recorded as shown
        assert not AuditEvent.objects.filter(action=action, actor__username=username).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("people:person_list", "birth_date=令和8年2月30日", f"生年月日：{NO_SUCH_DAY}"),
        ("people:household_list", "q=" + "あ" * 51, "世帯名："),
    ],
)
def test_a_search_updated_by_htmx_shows_the_message_in_the_results(
    coordinator, name: str, query: str, message: str
) -> None:
    # htmx swaps only the results, not the form: the notice there names the field.
    response = client_for(coordinator).get(_url(name, query), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert NOTICE in page and message in page
    assert "<table" not in page


@pytest.mark.django_db
def test_the_field_itself_carries_the_message(coordinator) -> None:
    page = client_for(coordinator).get(_url("consultations:list", "date_from=令和8年2月30日"))
    html = page.content.decode()
    field = html[html.index('<div class="field field--error">') :]
    assert NO_SUCH_DAY in field[: field.index("</div>\n")]
    assert 'value="令和8年2月30日"' in html  # the input stays for the user to correct


@pytest.mark.django_db
def test_the_export_with_an_invalid_filter_exports_nothing(coordinator) -> None:
    # The issue's steps: it downloaded every case instead of 鈴木 ハナ's.
    client = client_for(coordinator)
    response = client.get(_url("cases:export", "name=鈴木ハナ&status=zzz"))
    assert response.status_code == 302
    assert response["Location"] == _url("cases:list", "name=鈴木ハナ&status=zzz")
    assert "Content-Disposition" not in response
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "絞り込みの条件に誤りがあるため、出力しませんでした。条件を直してください。"
    ]
    assert not AuditEvent.objects.filter(action="case.export", actor=coordinator).exists()
    shown = client.get(response["Location"]).content.decode()
    assert f"状態：{NOT_A_CHOICE}" in shown
    assert "Excelで出力" not in shown  # no export link for a list that is not shown


@pytest.mark.django_db
def test_the_export_with_valid_filters_holds_just_what_they_select(coordinator) -> None:
    response = client_for(coordinator).post(_url("cases:export", "name=鈴木ハナ"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))
    exported = {row[0].value for row in rows if isinstance(row[0].value, int)}
    suzuki = set(
        Case.objects.filter(
            main_person__family_name="鈴木", main_person__given_name="ハナ"
        ).values_list("pk", flat=True)
    )
    assert suzuki and exported == suzuki
    assert Case.objects.count() > len(suzuki)


@pytest.mark.django_db
def test_an_invalid_filter_takes_no_more_queries_than_a_valid_one(coordinator) -> None:
    client = client_for(coordinator)
    valid = queries_for(client, _url("consultations:list", "route=phone"))
    assert queries_for(client, _url("consultations:list", "date_from=令和8年2月30日")) < valid


# --- The helper -------------------------------------------------------------------------------


def _request(query: str):
    return RequestFactory().get(f"/referrals/?{query}")


def test_without_a_filter_in_the_query_the_list_keeps_its_defaults() -> None:
    # `?page=2` alone used to bind the form, so the inbox's page 2 showed every status.
    for query in ("", "page=2", "unrelated=1"):
        filters = read_filters(_request(query), InboxFilterForm, initial={"status": "open"})
        assert filters.values == {"status": "open"}
        assert not filters.form.is_bound


def test_a_valid_filter_is_read_and_an_invalid_one_gives_no_values() -> None:
    chosen = read_filters(_request("status=&kind=sheet"), InboxFilterForm)
    assert chosen.values is not None and chosen.values["kind"] == "sheet"
    assert chosen.values["status"] == ""  # すべて, asked for
    refused = read_filters(_request("status=zzz"), InboxFilterForm)
    assert refused.invalid and refused.values is None
    assert refused.context()["filter_errors"] == [
        ("状態", "正しく選択してください。 zzz は候補にありません。")
    ]


@pytest.mark.django_db
def test_page_two_of_the_inbox_keeps_the_open_default(houkatsu, settings) -> None:
    settings.KASANE_PAGE_SIZE = 1
    client: Client = client_for(houkatsu)
    client.get(reverse("referrals:list") + "?page=2")
    event = AuditEvent.objects.filter(action="referral.inbox", actor=houkatsu).latest("pk")
    assert "status" in event.details["criteria"]  # 未完了, not every status
