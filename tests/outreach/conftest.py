import pytest
from django.utils import timezone

from tests.outreach import helpers


@pytest.fixture(autouse=True)
def _started() -> None:
    helpers.STARTED["at"] = timezone.now()
