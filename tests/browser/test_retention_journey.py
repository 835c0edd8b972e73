"""Issue 19 in a real browser: 保存期間と廃棄 by two people. Two consultations at 地域包括支援
センター led to nothing six years ago, so both are past their period. A court case names the
person of the second: the coordinator (中村 真理) places a 保留 (訴訟) on that person, then
proposes the first for disposal with a note, and cannot approve her own proposal; the admin
approves it from his phone, and the first consultation loses its names and text while its
dates and kind stay. The held one stays, and the due list says why."""

import re

from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.japanese import wareki
from kasane.intake.models import Consultation
from kasane.people import services as people
from kasane.people.models import Person
from kasane.retention.models import DISPOSED, DISPOSED_NAME, BatchStatus, DisposalBatch
from tests.browser.conftest import DESKTOP, PHONE
from tests.builders import old_consultation

NOTE = "保存期間満了（6年前の受付・情報提供のみ）"
CASE_NUMBER = "令和8年(ワ)第12号"
# What the due list and the batch must never show: names and the consultations' text.
CONTENT = ("古川", "廃子", "保田", "留子", "家賃", "家計相談")


def _due_consultations() -> tuple[Consultation, Consultation]:
    houkatsu = User.objects.get(username="houkatsu")
    disposable = old_consultation(houkatsu)
    held_person = people.person_create(
        actor=houkatsu,
        organization=houkatsu.organization,
        family_name="保田",
        given_name="留子",
        family_kana="ヤスダ",
        phone="0398765432",
        address="西町4-5-6",
    )
    held = old_consultation(houkatsu, person=held_person)
    return disposable, held


def _row(page, pk: int):
    """The due list's row of the record number `pk`."""
    return page.locator("tbody tr", has=page.locator(f'label[for="due-{pk}"]'))


def test_a_coordinator_proposes_an_admin_approves_and_a_held_record_stays(open_session) -> None:
    disposable, held = _due_consultations()
    received = wareki(timezone.localdate(disposable.received_at))
    organization = disposable.organization.name

    coordinator = open_session(DESKTOP)
    page = coordinator.page
    coordinator.login("coordinator")
    coordinator.open_menu()
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="保存期間と廃棄"
    ).click()
    page.wait_for_url("**/retention/")
    assert page.get_by_role("heading", level=1).inner_text() == "保存期間を過ぎた記録"
    kinds = page.get_by_role("navigation", name="記録の種類")
    kinds.get_by_role("link", name=re.compile(r"^相談受付")).click()
    page.wait_for_url("**/retention/?kind=consultation")
    # Only the two made here are due in the demo city.
    assert kinds.get_by_role("link", name="相談受付（2件）").is_visible()
    row = _row(page, disposable.pk)
    cells = row.locator("td").all_inner_texts()
    assert cells[1:6] == ["相談受付", str(disposable.pk), organization, received, received]
    main = page.get_by_role("main").inner_text()
    assert not [word for word in CONTENT if word in main]

    # 訴訟: the court names the second person to the city; the coordinator holds their records.
    page.get_by_role("navigation", name="保存期間と廃棄").get_by_role(
        "link", name="訴訟・開示請求による保留"
    ).click()
    page.get_by_role("link", name="保留を設定する").click()
    page.get_by_label("本人の番号").fill(str(held.person_id))
    page.get_by_label("訴訟", exact=True).check()
    page.get_by_label("内容（事件番号・請求の受付番号など）").fill(CASE_NUMBER)
    page.get_by_role("button", name="保留を設定する").click()
    page.get_by_text(f"本人番号 {held.person_id} の記録を廃棄の対象から外しました。").wait_for()
    assert CASE_NUMBER in page.get_by_role("table").inner_text()

    # The held record is listed, marked, and cannot be ticked.
    page.get_by_role("link", name="保存期間を過ぎた記録").click()
    kinds.get_by_role("link", name=re.compile(r"^相談受付")).click()
    page.wait_for_url("**/retention/?kind=consultation")
    held_row = _row(page, held.pk)
    assert "保留中（訴訟・開示請求）" in held_row.inner_text()
    assert held_row.get_by_role("checkbox").count() == 0
    assert "保留中" not in _row(page, disposable.pk).inner_text()

    page.get_by_label(f"相談受付 {disposable.pk} を選ぶ").check()
    page.get_by_label("備考").fill(NOTE)
    page.get_by_role("button", name="廃棄の案を作る").click()
    page.get_by_text("廃棄の案（1件）を作りました。管理者の承認を待ちます。").wait_for()
    batch = DisposalBatch.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == f"廃棄の案 {batch.pk}"
    facts = page.locator("dl.facts").inner_text()
    assert "承認待ち" in facts and NOTE in facts and "中村 真理" in facts
    assert page.locator("p.id-list").all_inner_texts() == [str(disposable.pk)]
    # The proposer gets no approve button on her own batch, and is told who approves it.
    assert page.get_by_role("button", name="承認して廃棄する").count() == 0
    assert page.get_by_text(
        "この案はあなたが作りました。承認はほかの管理者が行います。"
    ).is_visible()
    assert not [word for word in CONTENT if word in page.get_by_role("main").inner_text()]

    admin = open_session(PHONE)
    approve = admin.page
    admin.login("admin")
    admin.open_menu()
    approve.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="廃棄の承認・保留"
    ).click()
    approve.wait_for_url("**/retention/batches/")
    approve.get_by_role("link", name=str(batch.pk), exact=True).click()
    approve.get_by_text("相談受付：1件").wait_for()
    assert approve.get_by_role("heading", level=1).inner_text() == f"廃棄の案 {batch.pk}"
    approve.get_by_role("button", name="承認して廃棄する").click()
    approve.get_by_text("承認し、廃棄しました。").wait_for()
    facts = approve.locator("dl.facts").inner_text()
    assert "廃棄済み" in facts and "承認・差戻し" in facts
    # Her person had no other record, so she is disposed with it.
    assert approve.get_by_text("本人：1件").is_visible()
    assert approve.get_by_role("button", name="承認して廃棄する").count() == 0
    assert approve.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    admin.screenshot("retention-batch-disposed-phone")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISPOSED
    assert batch.decided_by.username == "admin"
    gone = Consultation.objects.get(pk=disposable.pk)
    assert (gone.summary, gone.consulter_name, gone.outcome_note) == (DISPOSED, "", "")
    assert gone.received_at == disposable.received_at
    assert (gone.outcome, gone.route, gone.organization_id) == (
        disposable.outcome,
        disposable.route,
        disposable.organization_id,
    )
    blanked = Person.objects.get(pk=disposable.person_id)
    assert blanked.family_name == DISPOSED_NAME and blanked.phone == ""
    kept = Consultation.objects.get(pk=held.pk)
    assert kept.summary == "家賃の支払いが心配。" and kept.consulter_name == "古川 廃子"
    assert Person.objects.get(pk=held.person_id).family_name == "保田"

    # The coordinator's list: the disposed record is gone, the held one stays, saying why.
    # The breadcrumb's link is named 「廃棄の案 ›」 (its CSS arrow counts).
    page.locator(".breadcrumb").get_by_role("link", name="廃棄の案").click()
    page.get_by_role("link", name="保存期間を過ぎた記録").click()
    kinds.get_by_role("link", name="相談受付（1件）").click()
    page.wait_for_url("**/retention/?kind=consultation")
    assert _row(page, disposable.pk).count() == 0
    assert "保留中（訴訟・開示請求）" in _row(page, held.pk).inner_text()

    for action in ("retention.propose", "retention.approve", "retention.dispose"):
        event = AuditEvent.objects.get(action=action, object_id=str(batch.pk))
        assert event.actor_username == ("coordinator" if action == "retention.propose" else "admin")
    assert AuditEvent.objects.filter(action="retention.hold_place").count() == 1
    for session in (coordinator, admin):
        assert session.external_requests() == []
