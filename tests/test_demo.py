"""デモ市 is a contract: these facts are what the issues and acceptance tests rely on."""

import pytest

from kasane.accounts.models import User
from kasane.demo import city
from kasane.demo.loader import load_demo_city
from kasane.organizations.models import Area, AreaKind, Organization

pytestmark = pytest.mark.django_db

CONTRACT = {
    "admin": ("重層的支援推進課", {"admin"}),
    "coordinator": ("重層的支援推進課", {"coordinator"}),
    "houkatsu": ("東地域包括支援センター", {"consultant"}),
    "shougai": ("障害者基幹相談支援センター", {"consultant"}),
    "kosodate": ("こども家庭センター", {"consultant"}),
    "jiritsu": ("自立相談支援機関", {"consultant"}),
    "csw": ("社会福祉協議会", {"outreach_worker"}),
    "sanka": ("社会福祉協議会", {"participation_coordinator"}),
    "chiiki": ("生活支援コーディネーター 東圏域", {"community_worker"}),
    "zeimu": ("税務課", {"referrer"}),
    "suido": ("上下水道局", {"referrer"}),
    "keisatsu": ("デモ警察署", {"meeting_guest"}),
    "outsider": ("西地域包括支援センター", {"consultant"}),
    "kansa": ("情報政策課", {"auditor"}),
}


@pytest.mark.parametrize(("username", "expected"), CONTRACT.items())
def test_the_demo_users_keep_their_organisation_and_roles(username: str, expected: tuple) -> None:
    user = User.objects.select_related("organization").get(username=username)
    assert (user.organization.name, set(user.roles)) == expected
    assert user.is_active


def test_the_demo_city_has_four_spheres_with_districts_and_towns() -> None:
    spheres = Area.objects.filter(kind=AreaKind.SPHERE).order_by("sort_order")
    assert [sphere.name for sphere in spheres] == ["東圏域", "西圏域", "南圏域", "北圏域"]
    assert all(sphere.parent.name == "デモ市" for sphere in spheres)
    for sphere in spheres:
        districts = sphere.children.all()
        assert districts and all(district.children.exists() for district in districts)
    assert Area.objects.filter(name="南町9丁目", parent__parent__name="南圏域").exists()


def test_the_demo_city_has_about_thirty_organisations() -> None:
    assert 28 <= Organization.objects.count() <= 40
    assert Organization.objects.filter(name__endswith="地域包括支援センター").count() == 4


def test_loading_twice_changes_nothing() -> None:
    before = (Area.objects.count(), Organization.objects.count(), User.objects.count())
    load_demo_city(password="another-password-1")
    assert (Area.objects.count(), Organization.objects.count(), User.objects.count()) == before
    assert User.objects.get(username="admin").check_password("another-password-1")


def test_the_contract_in_this_test_matches_the_loader() -> None:
    assert set(CONTRACT) == set(city.USERS)
