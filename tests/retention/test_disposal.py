"""保存期間と廃棄 (issue 19): the due list per kind, batches proposed by a coordinator and
approved by an admin who did not propose them, legal holds that block disposal, and what a
disposal removes and keeps."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import Case, CaseNote, CaseStatus
from kasane.community import counts
from kasane.core.errors import DomainError
from kasane.core.japanese import fiscal_year
from kasane.people.models import NameGram, Person
from kasane.retention import services
from kasane.retention.due import due
from kasane.retention.models import (
    DISPOSED,
    DISPOSED_NAME,
    BatchStatus,
    DisposalBatch,
    Kind,
    LegalHold,
)
from tests.builders import ended_case, old_consultation, today
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _propose(coordinator: User, kind: str, *ids: int) -> DisposalBatch:
    return services.batch_propose(actor=coordinator, kind=kind, ids=list(ids))


# --- The due list ------------------------------------------------------------------------------


def test_it_lists_an_ended_case_and_a_consultation_that_led_to_nothing(
    coordinator: User, houkatsu: User
) -> None:
    case = ended_case(coordinator)
    consultation = old_consultation(houkatsu)
    assert case in due(Kind.CASE, today())
    assert consultation in due(Kind.CONSULTATION, today())


def test_it_does_not_list_what_is_within_its_period(coordinator: User, houkatsu: User) -> None:
    case = ended_case(coordinator, years=4)
    consultation = old_consultation(houkatsu, years=4)
    assert case not in due(Kind.CASE, today())
    assert consultation not in due(Kind.CONSULTATION, today())


def test_a_consultation_that_led_to_a_kept_case_waits_for_the_case(
    coordinator: User, houkatsu: User
) -> None:
    consultation = old_consultation(houkatsu)
    case = ended_case(coordinator, years=2)
    Case.objects.filter(pk=case.pk).update(consultation=consultation)
    assert consultation not in due(Kind.CONSULTATION, today())


def test_the_page_shows_kinds_numbers_and_dates_but_no_content(
    coordinator: User, houkatsu: User
) -> None:
    consultation = old_consultation(houkatsu)
    response = client_for(coordinator).get(reverse("retention:due") + "?kind=consultation")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{consultation.pk}"' in page
    assert "古川" not in page and "家賃" not in page
    assert AuditEvent.objects.filter(action="retention.due_list").exists()


def test_the_due_list_takes_the_same_queries_with_more_rows(
    coordinator: User, houkatsu: User
) -> None:
    client = client_for(coordinator)
    url = reverse("retention:due") + "?kind=consultation"
    old_consultation(houkatsu)
    before = queries_for(client, url)
    for _ in range(3):
        old_consultation(houkatsu)
    assert queries_for(client, url) == before


@pytest.mark.parametrize("username", ["outsider", "zeimu", "houkatsu", "kansa", "chiiki", "admin"])
def test_only_coordinators_read_the_due_list(username: str) -> None:
    client = client_for(User.objects.get(username=username))
    assert client.get(reverse("retention:due")).status_code == 404
    assert client.post(reverse("retention:propose")).status_code == 404


# --- Batches -----------------------------------------------------------------------------------


def test_a_coordinator_proposes_and_an_admin_approves(
    coordinator: User, houkatsu: User, admin: User
) -> None:
    consultation = old_consultation(houkatsu)
    response = client_for(coordinator).post(
        reverse("retention:propose"), {"kind": "consultation", "ids": [consultation.pk]}
    )
    batch = DisposalBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == BatchStatus.PROPOSED
    assert consultation not in due(Kind.CONSULTATION, today())  # taken by the batch
    client_for(admin).post(reverse("retention:batch_approve", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISPOSED
    consultation.refresh_from_db()
    assert consultation.summary == DISPOSED
    assert consultation.consulter_name == "" and consultation.outcome_note == ""
    assert AuditEvent.objects.filter(action="retention.dispose", object_id=str(batch.pk)).exists()


def test_approving_a_small_batch_says_it_was_disposed(
    coordinator: User, houkatsu: User, admin: User
) -> None:
    batch = _propose(coordinator, Kind.CONSULTATION, old_consultation(houkatsu).pk)
    response = client_for(admin).post(
        reverse("retention:batch_approve", args=[batch.pk]), follow=True
    )
    page = response.content.decode()
    assert "承認し、廃棄しました。" in page and "バックグラウンド処理で行います" not in page


def test_proposing_all_of_a_kind_leaves_the_held_records_out(
    coordinator: User, houkatsu: User
) -> None:
    free = old_consultation(houkatsu)
    held = old_consultation(houkatsu)
    services.hold_place(actor=coordinator, person=held.person, reason="lawsuit", note="第1号")
    response = client_for(coordinator).post(
        reverse("retention:propose"), {"kind": "consultation", "everything": "1"}
    )
    batch = DisposalBatch.objects.get()
    assert response.status_code == 302
    assert list(batch.items.values_list("object_id", flat=True)) == [free.pk]


def test_the_admin_sees_counts_and_numbers_only(
    coordinator: User, houkatsu: User, admin: User
) -> None:
    consultation = old_consultation(houkatsu)
    batch = _propose(coordinator, Kind.CONSULTATION, consultation.pk)
    page = client_for(admin).get(reverse("retention:batch_detail", args=[batch.pk]))
    text = page.content.decode()
    assert str(consultation.pk) in text and "相談受付：1件" in text
    assert "古川" not in text and "家賃" not in text


def test_the_proposer_may_not_approve(coordinator: User, houkatsu: User) -> None:
    consultation = old_consultation(houkatsu)
    batch = _propose(coordinator, Kind.CONSULTATION, consultation.pk)
    with pytest.raises(DomainError, match="自分が作った"):
        services.batch_approve(actor=coordinator, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED


def test_a_coordinator_gets_404_on_approval(coordinator: User, houkatsu: User) -> None:
    batch = _propose(coordinator, Kind.CONSULTATION, old_consultation(houkatsu).pk)
    response = client_for(coordinator).post(reverse("retention:batch_approve", args=[batch.pk]))
    assert response.status_code == 404


def test_a_record_not_due_is_refused(coordinator: User, houkatsu: User) -> None:
    recent = old_consultation(houkatsu, years=1)
    with pytest.raises(DomainError, match="保存期間が過ぎていない"):
        _propose(coordinator, Kind.CONSULTATION, recent.pk)
    assert not DisposalBatch.objects.exists()


def test_a_returned_batch_frees_its_records(coordinator: User, houkatsu: User, admin: User) -> None:
    consultation = old_consultation(houkatsu)
    batch = _propose(coordinator, Kind.CONSULTATION, consultation.pk)
    services.batch_return(actor=admin, batch=batch, note="対象を確認し直す")
    assert consultation in due(Kind.CONSULTATION, today())


# --- Legal holds -------------------------------------------------------------------------------


def test_a_hold_blocks_the_proposal_and_changes_nothing(coordinator: User, houkatsu: User) -> None:
    consultation = old_consultation(houkatsu)
    services.hold_place(
        actor=coordinator, person=consultation.person, reason="disclosure", note="開示請求 第12号"
    )
    with pytest.raises(DomainError, match="保留中の本人の記録"):
        _propose(coordinator, Kind.CONSULTATION, consultation.pk)
    assert not DisposalBatch.objects.exists()


def test_a_hold_placed_after_the_proposal_blocks_the_approval(
    coordinator: User, houkatsu: User, admin: User
) -> None:
    consultation = old_consultation(houkatsu)
    batch = _propose(coordinator, Kind.CONSULTATION, consultation.pk)
    client_for(coordinator).post(
        reverse("retention:hold_create"),
        {"person": consultation.person_id, "reason": "lawsuit", "note": "令和8年(ワ)第1号"},
    )
    response = client_for(admin).post(
        reverse("retention:batch_approve", args=[batch.pk]), follow=True
    )
    batch.refresh_from_db()
    consultation.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED
    assert consultation.summary == "家賃の支払いが心配。"
    assert "保留中の本人の記録が含まれています" in response.content.decode()


def test_lifting_a_hold_is_audited_and_frees_the_record(
    coordinator: User, houkatsu: User, admin: User
) -> None:
    consultation = old_consultation(houkatsu)
    hold = services.hold_place(
        actor=coordinator, person=consultation.person, reason="lawsuit", note="第1号"
    )
    client_for(admin).post(reverse("retention:hold_lift", args=[hold.pk]), {"note": "判決確定"})
    hold.refresh_from_db()
    assert hold.lifted_by == admin
    assert AuditEvent.objects.filter(action="retention.hold_lift").exists()
    _propose(coordinator, Kind.CONSULTATION, consultation.pk)


def test_a_second_hold_on_the_same_person_is_refused(coordinator: User, houkatsu: User) -> None:
    person = old_consultation(houkatsu).person
    services.hold_place(actor=coordinator, person=person, reason="lawsuit", note="第1号")
    with pytest.raises(DomainError):
        services.hold_place(actor=coordinator, person=person, reason="lawsuit", note="第2号")
    assert LegalHold.objects.filter(person=person).count() == 1


@pytest.mark.parametrize("username", ["outsider", "zeimu", "houkatsu", "kansa", "chiiki"])
def test_only_coordinators_and_admins_see_batches_and_holds(
    username: str, coordinator: User, houkatsu: User
) -> None:
    batch = _propose(coordinator, Kind.CONSULTATION, old_consultation(houkatsu).pk)
    client = client_for(User.objects.get(username=username))
    for url in (
        reverse("retention:batch_list"),
        reverse("retention:batch_detail", args=[batch.pk]),
        reverse("retention:hold_list"),
        reverse("retention:hold_create"),
    ):
        assert client.get(url).status_code == 404


# --- What a disposal removes and keeps ---------------------------------------------------------


def test_a_person_with_no_kept_record_is_blanked(
    coordinator: User, houkatsu: User, admin: User
) -> None:
    consultation = old_consultation(houkatsu)
    person = consultation.person
    services.batch_approve(
        actor=admin, batch=_propose(coordinator, Kind.CONSULTATION, consultation.pk)
    )
    person.refresh_from_db()
    assert person.family_name == DISPOSED_NAME
    assert person.phone == "" and person.address == "" and person.birth_date is None
    assert not NameGram.objects.filter(person=person).exists()


def test_a_person_with_a_kept_record_keeps_their_name(
    coordinator: User, houkatsu: User, admin: User
) -> None:
    consultation = old_consultation(houkatsu)
    old_consultation(houkatsu, years=1, person=consultation.person)
    services.batch_approve(
        actor=admin, batch=_propose(coordinator, Kind.CONSULTATION, consultation.pk)
    )
    assert Person.objects.get(pk=consultation.person_id).family_name == "古川"


def test_a_disposed_case_keeps_its_counts(coordinator: User, admin: User) -> None:
    case = ended_case(coordinator)
    CaseNote.objects.create(
        case=case,
        written_on=case.opened_on,
        method="phone",
        content="長男と電話で話した。",
        author=coordinator,
        organization=coordinator.organization,
    )
    year = fiscal_year(case.opened_on)
    before = counts.counts_by_area("cases", year)
    assert sum(before.values()) >= 1
    status, area, programs = case.status, case.area_code, case.programs
    services.batch_approve(actor=admin, batch=_propose(coordinator, Kind.CASE, case.pk))
    case.refresh_from_db()
    assert case.summary == DISPOSED
    assert (case.status, case.area_code, case.programs) == (status, area, programs)
    assert case.notes.get().content == DISPOSED
    assert case.assessments.get().household_view == DISPOSED
    assert not case.assessments.get().entries.exclude(wishes="").exists()
    assert counts.counts_by_area("cases", year) == before


def test_a_disposed_closed_case_keeps_its_closing_reason(coordinator: User, admin: User) -> None:
    case = ended_case(coordinator)
    # Closed rather than suspended: the reason is a code the counts read (終結の理由別).
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closing_reason="moved")
    services.batch_approve(actor=admin, batch=_propose(coordinator, Kind.CASE, case.pk))
    case.refresh_from_db()
    assert case.summary == DISPOSED
    assert (case.status, case.closing_reason) == (CaseStatus.CLOSED, "moved")
