"""本人の思い and 本人の目標 are the person's words in 「」 once, also when typed with them (the
form's example shows the brackets): never 「「…」」 (issue 13, small things)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases import services
from kasane.core.templatetags.quotes import in_quotes
from tests.builders import case_in_assessment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("母の世話を続けたい", "「母の世話を続けたい」"),
        ("「母の世話を続けたい」", "「母の世話を続けたい」"),
        (" 「母の世話を続けたい」\n", "「母の世話を続けたい」"),
        ("「母」の世話", "「「母」の世話」"),
    ],
)
def test_it_quotes_once(typed: str, shown: str) -> None:
    assert in_quotes(typed) == shown


def test_the_assessment_page_quotes_the_wishes_once(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    services.assessment_save(
        actor=kosodate,
        case=case,
        based_on=1,
        assessed_on=timezone.localdate(),
        household_view="",
        worker_view="",
        urgency="medium",
        entries=[{"person": case.main_person, "wishes": "「母の世話を続けたい」"}],
    )
    page = client_for(kosodate).get(reverse("cases:assessment", args=[case.pk])).content.decode()
    assert "「母の世話を続けたい」" in page
    assert "「「" not in page
