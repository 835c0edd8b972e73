"""参加支援の実績 for a fiscal year, exact on a known set: people supported, matches by stage
at the year's end, people who started and settled, partners, resources by category and 圏域,
unmet needs by theme and 圏域; for coordinators and admins, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.audit.models import AuditEvent
from kasane.core.japanese import fiscal_year
from kasane.organizations.models import Area
from kasane.participation import services
from kasane.participation.figures import participation_figures
from kasane.participation.models import EndReason, Stage, UnmetNeed
from kasane.resources.models import Service, ServiceCategory, Status
from tests.builders import demo_person
from tests.conftest import client_for
from tests.participation.helpers import demo_service, new_match, tanaka

pytestmark = pytest.mark.django_db
D = dt.date


def known_year(sanka) -> None:
    """FY2020 (2020-04-01 … 2021-03-31): トシ started and settled in one place and ended in
    another; 陽斗 was proposed a place the year before and reached 見学 then; 由美 is proposed
    one only after the year."""
    case, _yumi = tanaka()
    toshi, haruto = demo_person("田中 トシ"), demo_person("田中 陽斗")
    new_match(
        sanka,
        case=case,
        person=toshi,
        service=demo_service("西町ふれあいサロン"),
        proposed_on=D(2020, 5, 1),
        stages=((Stage.STARTED, D(2020, 6, 1)), (Stage.SETTLED, D(2020, 8, 10))),
    )
    other = new_match(
        sanka,
        case=case,
        person=toshi,
        service=demo_service("にしまち子ども食堂"),
        proposed_on=D(2020, 7, 1),
    )
    services.match_move(
        actor=sanka, match=other, to_stage=Stage.ENDED, on=D(2020, 9, 1), end_reason=EndReason.WISH
    )
    new_match(
        sanka,
        case=case,
        person=haruto,
        service=demo_service("にしまち子ども食堂"),
        proposed_on=D(2019, 12, 1),
        stages=((Stage.VISIT, D(2020, 1, 10)),),
    )
    new_match(
        sanka,
        case=case,
        person=_yumi,
        service=demo_service("西町ふれあいサロン"),
        proposed_on=D(2021, 4, 5),
    )
    for theme, area in (("place", "北圏域"), ("place", "北町地区"), ("work", "南圏域")):
        need = services.unmet_need_record(
            actor=sanka,
            case=None,
            theme=theme,
            area=Area.objects.get(name=area),
            age_band="young",
        )
        UnmetNeed.objects.filter(pk=need.pk).update(recorded_on=D(2020, 6, 1))


def test_the_figures_of_a_known_year(sanka):
    known_year(sanka)
    figures = participation_figures(2020)
    assert (figures.supported, figures.started, figures.settled) == (2, 1, 1)
    assert dict(figures.by_stage) == {
        "提案": 0,
        "見学": 1,
        "体験": 0,
        "参加開始": 0,
        "定着": 1,
        "終了": 1,
    }
    assert figures.spheres == ["東圏域", "西圏域", "南圏域", "北圏域"]
    unmet = {row.label: (row.counts, row.total) for row in figures.unmet}
    assert unmet["居場所がほしい"] == ([0, 0, 0, 2], 2)
    assert unmet["働きたい"] == ([0, 0, 1, 0], 1)
    assert unmet["学びたい"] == ([0, 0, 0, 0], 0)
    assert figures.partners == 0  # the demo's partners agreed after 2021
    assert all(row.total == 0 for row in figures.resources)  # registered after the year


def test_this_year_counts_the_demo_partners_and_resources():
    year = fiscal_year(timezone.localdate())
    figures = participation_figures(year)
    assert figures.partners == 5
    spheres = list(Area.objects.filter(kind="sphere").order_by("code", "pk"))
    open_services = Service.objects.exclude(status__in=[Status.SUSPENDED, Status.CLOSED])
    rows = {row.label: row for row in figures.resources}
    for category in ServiceCategory.objects.all():
        of_category = open_services.filter(categories=category)
        expected = [
            sum(
                any(
                    at.location.area_code.startswith(sphere.code)
                    for at in service.at_locations.all()
                )
                for service in of_category
            )
            for sphere in spheres
        ]
        assert rows[category.name].counts == expected
        assert rows[category.name].total == of_category.count()


def test_the_page_is_for_coordinators_and_audited(coordinator, admin, sanka):
    url = reverse("participation:figures") + f"?year={fiscal_year(timezone.localdate())}"
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert "参加支援の実績" in response.content.decode()
    assert AuditEvent.objects.filter(actor=coordinator, action="participation.figures").exists()
    assert client_for(sanka).get(url).status_code == 404
    assert client_for(admin).get(url).status_code == 404  # issue 19
