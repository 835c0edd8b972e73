import pytest
from django.utils import timezone

from tests.conftest import _cast
from tests.outreach import helpers

csw = _cast("csw")
sanka = _cast("sanka")


@pytest.fixture(autouse=True)
def _started() -> None:
    helpers.STARTED["at"] = timezone.now()
