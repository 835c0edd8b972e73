"""足りない社会資源: what was wanted, where and for whom in general terms, kept without the
case; a note naming one of the case's people is refused and nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.core.errors import DomainError
from kasane.organizations.models import Area
from kasane.participation import services
from kasane.participation.models import UnmetNeed
from tests.conftest import client_for
from tests.participation.helpers import harada

pytestmark = pytest.mark.django_db


def post(user, note: str):
    case, _person = harada()
    return client_for(user).post(
        reverse("participation:unmet_need", args=[case.pk]),
        {
            "theme": "work",
            "category": "",
            "area": Area.objects.get(name="南圏域").pk,
            "age_band": "middle",
            "note": note,
        },
    )


@pytest.mark.parametrize("note", ["康平さんが通える作業体験", "原田さんのような人向け", "ハラダ"])
def test_a_note_naming_the_case_people_is_refused(sanka, note):
    before = UnmetNeed.objects.count()
    response = post(sanka, note)
    assert response.status_code == 200
    assert "個人が分かる名前は書かないでください" in response.content.decode()
    assert UnmetNeed.objects.count() == before


def test_an_anonymous_need_is_recorded_without_the_case(sanka):
    response = post(sanka, "平日の午前に短時間から働ける場がない")
    assert response.status_code == 302
    need = UnmetNeed.objects.latest("pk")
    assert (need.theme, need.area.name, need.age_band, need.recorded_by) == (
        "work",
        "南圏域",
        "middle",
        sanka,
    )
    assert not any(field.name in ("case", "person") for field in UnmetNeed._meta.fields)


def test_the_service_checks_the_names_too(sanka):
    case, _person = harada()
    with pytest.raises(DomainError):
        services.unmet_need_record(
            actor=sanka,
            case=case,
            theme="work",
            area=Area.objects.get(name="南圏域"),
            age_band="middle",
            note="修さんの息子",
        )
