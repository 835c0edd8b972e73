"""The coordinator's home card also lists the other organisations' overdue targets that nobody
has identified or that raise an alert (issue 15): 北町3丁目's man, whose visit date passed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.outreach.models import OutreachTarget
from tests.builders import demo_person, today
from tests.conftest import client_for, queries_for
from tests.outreach.helpers import attempt, unidentified

pytestmark = pytest.mark.django_db


def _watch(user) -> str:
    body = client_for(user).get(reverse("front:home")).content.decode()
    if 'id="outreach-watch"' not in body:
        return ""
    return body.split('id="outreach-watch"')[1].split("</ul>")[0]


def test_the_coordinator_sees_the_demos_overdue_unidentified_target(coordinator):
    target = OutreachTarget.objects.get(description__startswith="北町3丁目のアパート")
    assert target.next_contact_on < today() and target.person_id is None
    watch = _watch(coordinator)
    assert reverse("outreach:detail", args=[target.pk]) in watch
    assert "氏名不明（北町3丁目）" in watch
    assert "社会福祉協議会" in watch


def test_workers_do_not_get_the_section(csw):
    assert _watch(csw) == ""


def test_only_the_overdue_unidentified_or_alerted_are_listed(csw, coordinator):
    later = unidentified(csw, next_contact_on=today() + dt.timedelta(days=2))
    person = demo_person("山本 勇")
    met = OutreachTarget.objects.get(person=person)  # met 4 days ago: no alert
    met.next_contact_on = today() - dt.timedelta(days=1)
    met.save(update_fields=["next_contact_on"])
    watch = _watch(coordinator)
    assert reverse("outreach:detail", args=[later.pk]) not in watch
    assert reverse("outreach:detail", args=[met.pk]) not in watch
    for _ in range(3):  # 安否 not confirmed three times in a row: the alert
        attempt(csw, met, "absent", safety="not_confirmed")
    met.next_contact_on = today() - dt.timedelta(days=1)
    met.save(update_fields=["next_contact_on"])
    assert reverse("outreach:detail", args=[met.pk]) in _watch(coordinator)


def test_the_home_page_queries_do_not_grow_with_the_watch(csw, coordinator):
    def overdue(count: int) -> None:
        for _ in range(count):
            target = unidentified(csw)
            OutreachTarget.objects.filter(pk=target.pk).update(
                next_contact_on=today() - dt.timedelta(days=2)
            )

    overdue(1)
    client = client_for(coordinator)
    few = queries_for(client, reverse("front:home"))
    overdue(12)
    assert queries_for(client, reverse("front:home")) == few
    assert _watch(coordinator).count("alert-item") == 10
