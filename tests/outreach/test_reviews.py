"""見直し: 続ける with a new plan of approach, 支援会議へ, 終了 through the one closing path; the
form on the target page, once however often a phone posts it, and the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.core.errors import DomainError
from kasane.outreach import services
from kasane.outreach.models import OutreachReview, Stage, review_date
from tests.builders import new_key, today
from tests.conftest import client_for, queries_for
from tests.outreach.helpers import attempt, unidentified

pytestmark = pytest.mark.django_db


def _url(target) -> str:
    return reverse("outreach:review_create", args=[target.pk])


def _detail(target) -> str:
    return reverse("outreach:detail", args=[target.pk])


def _post(**values: object) -> dict[str, object]:
    return {"submission_key": new_key(), "reviewed_on": today().isoformat(), **values}


def test_it_continues_with_a_new_approach_and_the_next_review_three_months_on(csw):
    target = unidentified(csw)
    review = services.target_review(
        actor=csw, target=target, decision="continue", approach="  朝に訪問する  "
    )
    target.refresh_from_db()
    assert (review.approach, review.reviewed_on) == ("朝に訪問する", today())
    assert review.next_review_on == target.review_on == review_date(today())
    assert (review.recorded_by, review.organization_id) == (csw, csw.organization_id)
    assert AuditEvent.objects.filter(
        action="outreach.review", object_id=str(target.pk), details__decision="continue"
    ).exists()


def test_it_takes_a_chosen_next_review_date(csw):
    target = unidentified(csw)
    chosen = today() + dt.timedelta(days=30)
    services.target_review(
        actor=csw, target=target, decision="continue", approach="月1回", next_review_on=chosen
    )
    target.refresh_from_db()
    assert target.review_on == chosen


def test_continuing_needs_the_new_approach(csw):
    target = unidentified(csw)
    with pytest.raises(DomainError, match="これからの接触の仕方を入力してください"):
        services.target_review(actor=csw, target=target, decision="continue", approach=" ")
    assert not target.reviews.exists()


@pytest.mark.parametrize(
    ("decision", "reviewed_in", "next_in", "message"),
    [
        ("meeting", 1, None, "見直した日が未来の日付です"),
        ("meeting", -1, None, "見直した日が把握日より前です"),  # registered today
        ("meeting", 0, 0, "次の見直し日は、見直した日より後の日付"),
        ("later", 0, None, "決めたことを選んでください"),
    ],
)
def test_it_refuses_bad_dates_and_decisions(csw, decision, reviewed_in, next_in, message):
    target = unidentified(csw)
    with pytest.raises(DomainError, match=message):
        services.target_review(
            actor=csw,
            target=target,
            decision=decision,
            reviewed_on=today() + dt.timedelta(days=reviewed_in),
            next_review_on=None if next_in is None else today() + dt.timedelta(days=next_in),
        )
    assert not target.reviews.exists()


def test_to_the_meeting_carries_the_next_date_and_the_page_says_to_put_it_on_an_agenda(csw):
    target = unidentified(csw)
    services.target_review(actor=csw, target=target, decision="meeting")
    target.refresh_from_db()
    assert target.review_on == review_date(today())
    assert target.stage == Stage.KNOWN
    response = client_for(csw).get(_detail(target))
    assert response.context["review_wants_meeting"] is True
    page = response.content.decode()
    assert "支援会議の議題に載せる" in page
    assert 'id="review-meeting"' in page


def test_a_later_review_that_continues_clears_the_meeting_note(csw):
    target = unidentified(csw)
    services.target_review(actor=csw, target=target, decision="meeting")
    services.target_review(actor=csw, target=target, decision="continue", approach="訪問を続ける")
    response = client_for(csw).get(_detail(target))
    assert response.context["review_wants_meeting"] is False
    assert "支援会議の議題に載せる" not in response.content.decode()


def test_closing_goes_through_the_close_path_with_its_reason(csw):
    target = unidentified(csw)
    review = services.target_review(
        actor=csw, target=target, decision="close", close_reason="moved", approach=""
    )
    target.refresh_from_db()
    assert (target.stage, target.close_reason, target.closed_on) == ("closed", "moved", today())
    assert target.stage_changed_on == today()
    assert review.next_review_on is None
    actions = set(
        AuditEvent.objects.filter(object_id=str(target.pk)).values_list("action", flat=True)
    )
    assert {"outreach.review", "outreach.close"} <= actions


def test_closing_needs_a_reason_and_follows_the_closing_rule(csw):
    target = unidentified(csw)
    with pytest.raises(DomainError, match="終了の理由を選んでください"):
        services.target_review(actor=csw, target=target, decision="close")
    with pytest.raises(DomainError, match="支援につながった"):
        services.target_review(actor=csw, target=target, decision="close", close_reason="connected")
    target.refresh_from_db()
    assert not target.is_closed
    assert not target.reviews.exists()
    assert not AuditEvent.objects.filter(
        action__in=["outreach.review", "outreach.close"], object_id=str(target.pk)
    ).exists()


def test_a_closed_target_is_not_reviewed(csw):
    target = unidentified(csw)
    services.target_review(actor=csw, target=target, decision="close", close_reason="moved")
    with pytest.raises(DomainError, match="終了した対象"):
        services.target_review(actor=csw, target=target, decision="meeting")
    response = client_for(csw).get(_url(target))
    assert response.status_code == 302


# --- The pages ------------------------------------------------------------------------------


def test_the_target_page_offers_the_form_and_shows_the_history(csw):
    target = unidentified(csw)
    services.target_review(actor=csw, target=target, decision="continue", approach="夕方に訪問")
    page = client_for(csw).get(_detail(target)).content.decode()
    assert f'action="{_url(target)}"' in page
    assert "夕方に訪問" in page
    assert "続ける" in page


def test_an_admin_reads_neither_the_history_nor_the_form(csw, admin):
    """Admins manage the system and read no outreach target (issue 19)."""
    target = unidentified(csw)
    services.target_review(actor=csw, target=target, decision="continue", approach="夕方に訪問")
    assert client_for(admin).get(_detail(target)).status_code == 404
    assert client_for(admin).get(_url(target)).status_code == 404


@pytest.mark.parametrize("username", ["outsider", "zeimu", "chiiki", "kansa", "keisatsu"])
def test_those_outside_get_404(csw, username):
    from tests.conftest import _user

    target = unidentified(csw)
    client = client_for(_user(username))
    assert client.get(_url(target)).status_code == 404
    post = client.post(_url(target), _post(decision="meeting"))
    assert post.status_code == 404
    assert not target.reviews.exists()


def test_the_page_records_a_review_once_however_often_it_is_posted(csw):
    target = unidentified(csw)
    client = client_for(csw)
    data = _post(decision="continue", approach="民生委員と訪問する")
    first = client.post(_url(target), data)
    again = client.post(_url(target), data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == _detail(target) + "#reviews"
    assert target.reviews.count() == 1
    assert (
        AuditEvent.objects.filter(action="outreach.review", object_id=str(target.pk)).count() == 1
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"decision": "continue", "approach": ""}, "これからの接触の仕方を入力してください"),
        ({"decision": "close"}, "終了の理由を選んでください"),
        ({}, "決めたことを選んでください"),
        (
            {"decision": "meeting", "next_review_on": "2000-01-01"},
            "次の見直し日は、見直した日より後",
        ),
        ({"decision": "close", "close_reason": "connected"}, "相談・支援につながった"),
    ],
)
def test_the_form_says_what_is_wrong_and_saves_nothing(csw, values, message):
    target = unidentified(csw)
    response = client_for(csw).post(_url(target), _post(**values))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not target.reviews.exists()
    target.refresh_from_db()
    assert not target.is_closed


def test_the_review_page_is_audited_as_a_view(csw):
    target = unidentified(csw)
    assert client_for(csw).get(_url(target)).status_code == 200
    assert AuditEvent.objects.filter(
        action="outreach.view", object_id=str(target.pk), details__page="review"
    ).exists()


def test_a_coordinator_reviews_any_target(csw, coordinator):
    target = unidentified(csw)
    response = client_for(coordinator).post(_url(target), _post(decision="meeting"))
    assert response.status_code == 302
    assert OutreachReview.objects.get(target=target).recorded_by == coordinator


def test_the_target_page_does_not_query_more_with_more_reviews(csw):
    target = unidentified(csw)
    attempt(csw, target, "absent")
    services.target_review(actor=csw, target=target, decision="meeting")
    client = client_for(csw)
    few = queries_for(client, _detail(target))
    for _ in range(5):
        services.target_review(actor=csw, target=target, decision="continue", approach="訪問")
    assert queries_for(client, _detail(target)) == few
