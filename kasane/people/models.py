"""本人 (Person) and 世帯 (Household), with what hangs on a person: consent, 閲覧制限 grants,
dated events (転出, 死亡), same-person links, and the name n-gram index used by search.

Nothing here is deleted: consent is withdrawn, grants are revoked, links are undone, members
leave, people move out or die — each as a dated record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kasane.organizations.models import Area, Organization

MASK = "（閲覧制限）"


class Sex(models.TextChoices):
    MALE = "male", "男性"
    FEMALE = "female", "女性"
    OTHER = "other", "その他"
    UNKNOWN = "unknown", "不明"


class CareLevel(models.TextChoices):
    NONE = "", "なし・未申請"
    APPLYING = "applying", "申請中"
    NOT_APPLICABLE = "not_applicable", "非該当"
    SUPPORT_1 = "support_1", "要支援1"
    SUPPORT_2 = "support_2", "要支援2"
    CARE_1 = "care_1", "要介護1"
    CARE_2 = "care_2", "要介護2"
    CARE_3 = "care_3", "要介護3"
    CARE_4 = "care_4", "要介護4"
    CARE_5 = "care_5", "要介護5"


class DisabilityCertificate(models.TextChoices):
    PHYSICAL = "physical", "身体障害者手帳"
    INTELLECTUAL = "intellectual", "療育手帳"
    MENTAL = "mental", "精神障害者保健福祉手帳"


class ConsentState(models.TextChoices):
    """What the person page says about sharing: derived from the person's consents and
    refusals by `people.services` (never typed in). 未確認 is "never asked"; 同意なし is a
    recorded refusal."""

    UNCONFIRMED = "unconfirmed", "未確認"
    REFUSED = "refused", "同意なし"
    GIVEN = "given", "同意あり"
    WITHDRAWN = "withdrawn", "同意撤回"


class Person(models.Model):
    """本人 / 世帯員. The *_key columns are derived by the services (never typed in) and make
    duplicate checks and search ignore 全角/半角, かな/カナ, spaces and 異体字."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="登録機関"
    )
    family_name = models.CharField("氏", max_length=50)
    given_name = models.CharField("名", max_length=50, blank=True)
    family_kana = models.CharField("フリガナ（氏）", max_length=100, blank=True)
    given_kana = models.CharField("フリガナ（名）", max_length=100, blank=True)
    birth_date = models.DateField("生年月日", null=True, blank=True)
    sex = models.CharField("性別", max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    postal_code = models.CharField("郵便番号", max_length=7, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="町丁目",
    )
    address = models.CharField("住所", max_length=200, blank=True)
    phone = models.CharField("電話", max_length=30, blank=True)
    nationality = models.CharField("国籍", max_length=50, blank=True, default="日本")
    language = models.CharField("使用言語", max_length=50, blank=True)
    needs_interpreter = models.BooleanField("通訳が必要", default=False)
    disability_certificates = models.JSONField("障害者手帳", default=list, blank=True)
    care_level = models.CharField(
        "要介護度", max_length=20, choices=CareLevel.choices, blank=True, default=""
    )
    receives_public_assistance = models.BooleanField("生活保護受給", default=False)
    notes = models.TextField("備考", blank=True)

    is_restricted = models.BooleanField("閲覧制限（DV等支援措置）", default=False)
    restricted_since = models.DateField("閲覧制限の開始日", null=True, blank=True)
    consent_state = models.CharField(
        "情報共有の同意",
        max_length=12,
        choices=ConsentState.choices,
        default=ConsentState.UNCONFIRMED,
    )
    moved_out_on = models.DateField("転出日", null=True, blank=True)
    died_on = models.DateField("死亡日", null=True, blank=True)

    name_key = models.CharField(max_length=100, editable=False)
    family_key = models.CharField(max_length=50, editable=False)
    given_key = models.CharField(max_length=50, editable=False)
    kana_key = models.CharField(max_length=200, editable=False)
    family_kana_key = models.CharField(max_length=100, editable=False)
    given_kana_key = models.CharField(max_length=100, editable=False)
    phone_key = models.CharField(max_length=30, editable=False)
    address_key = models.CharField(max_length=200, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: set on the instance by a selector or page, for its template.
    contact_masked: bool
    contact_unmasked: bool

    class Meta:
        indexes = [
            models.Index(fields=["name_key", "birth_date"], name="person_name_birth"),
            models.Index(fields=["kana_key", "birth_date"], name="person_kana_birth"),
            models.Index(fields=["phone_key"], name="person_phone"),
            models.Index(fields=["birth_date"], name="person_birth"),
            models.Index(fields=["organization", "-updated_at"], name="person_org_updated"),
            models.Index(fields=["-updated_at"], name="person_updated"),
            # The few people under 閲覧制限: masking a list's homes reads them from here,
            # not by scanning every person.
            models.Index(fields=["id"], condition=Q(is_restricted=True), name="person_restricted"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_kana(self) -> str:
        return f"{self.family_kana} {self.given_kana}".strip()

    @property
    def postal_code_display(self) -> str:
        code = self.postal_code
        return f"〒{code[:3]}-{code[3:]}" if len(code) == 7 else code

    @property
    def full_address(self) -> str:
        """〒, 町丁目 and address on one line (the 町丁目 only when the address lacks it)."""
        area = self.area
        town = area.name if area is not None and area.name not in self.address else ""
        return " ".join(part for part in (self.postal_code_display, town, self.address) if part)

    @property
    def is_deceased(self) -> bool:
        return self.died_on is not None


class PersonEventKind(models.TextChoices):
    MOVED_OUT = "moved_out", "転出"
    DIED = "died", "死亡"


class PersonEvent(models.Model):
    """A dated event in a person's life that ends their presence here without deleting them."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("種別", max_length=20, choices=PersonEventKind.choices)
    occurred_on = models.DateField("日付")
    note = models.CharField("備考（転出先など）", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A mistaken record is cancelled, not deleted: the row and who cancelled it stay.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cancel_reason = models.CharField("取消の理由", max_length=200, blank=True)

    class Meta:
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "書面"
    ORAL = "oral", "口頭"


class Consent(models.Model):
    """情報共有の同意. Scope: all 支援関係機関 or the listed ones, and whether it covers the
    重層的支援会議. Withdrawal is a date on the same row; the row itself stays."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    given_on = models.DateField("同意日")
    method = models.CharField("方法", max_length=10, choices=ConsentMethod.choices)
    all_organizations = models.BooleanField("全ての支援関係機関", default=False)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name="共有先の支援関係機関"
    )
    covers_jusou_meeting = models.BooleanField("重層的支援会議での共有", default=False)
    notes = models.CharField("備考", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField("撤回日", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"同意 {self.given_on}（{self.get_method_display()}）"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class ConsentRefusal(models.Model):
    """The person was asked and did not consent to sharing (同意なし), as recorded by a worker or
    by a consultation that recorded 同意なし. A later consent supersedes it; the row stays."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consent_refusals")
    refused_on = models.DateField("確認した日")
    notes = models.CharField("備考", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-refused_on", "-pk"]

    def __str__(self) -> str:
        return f"同意なし {self.refused_on}"


class RestrictionGrantQuerySet(models.QuerySet["RestrictionGrant"]):
    def in_force(self) -> RestrictionGrantQuerySet:
        """The grants that unmask: approved by a second person, not revoked."""
        return self.filter(approved_at__isnull=False, revoked_at__isnull=True)

    def pending(self) -> RestrictionGrantQuerySet:
        """Proposals waiting for a second person's decision."""
        return self.filter(
            approved_at__isnull=True, refused_at__isnull=True, revoked_at__isnull=True
        )


class RestrictionGrant(models.Model):
    """A permission for one user to see a restricted person's address and phone, under a
    two-person rule (issue 19): an admin proposes it, another admin or a coordinator approves
    it — never the proposer, never the user to be granted — and only then does it unmask.
    A proposal is approved or refused once; a grant is revoked, never deleted. Grants made
    before the rule were migrated as approved, with no approver (`approved_by` empty)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="restriction_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="閲覧を許可する利用者",
    )
    reason = models.CharField("理由", max_length=200)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    refused_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictionGrantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "user"],
                condition=Q(revoked_at__isnull=True, refused_at__isnull=True),
                name="one_active_grant_per_user",
            ),
            # The two-person rule, held by the database too (a NULL approver passes).
            models.CheckConstraint(
                condition=~Q(approved_by=models.F("proposed_by")),
                name="grant_not_approved_by_proposer",
            ),
            models.CheckConstraint(
                condition=~Q(approved_by=models.F("user")),
                name="grant_not_approved_by_grantee",
            ),
        ]

    def __str__(self) -> str:
        return f"閲覧許可 {self.person_id} → {self.user_id}"

    @property
    def is_pending(self) -> bool:
        return self.approved_at is None and self.refused_at is None and self.revoked_at is None

    @property
    def is_in_force(self) -> bool:
        return self.approved_at is not None and self.revoked_at is None


class SamePersonLink(models.Model):
    """Two records of one person, linked by a coordinator. `first` has the lower id. Undoing
    sets `unlinked_at`; both records stay as they were."""

    first = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("理由", max_length=200)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    unlinked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unlinked_at = models.DateTimeField(null=True, blank=True)

    # Not columns: set on the instance by a selector or page, for its template.
    other: Person
    other_visible: bool

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                condition=Q(unlinked_at__isnull=True),
                name="one_active_link_per_pair",
            ),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="link_ordered"),
        ]

    def __str__(self) -> str:
        return f"同一人物 {self.first_id} = {self.second_id}"


class NameGram(models.Model):
    """Search index: one row per distinct 2-character piece (bigram) of a person's normalised
    name and kana. `rank` is 0 when the piece is a whole 氏 or 名, 1 when a 氏 or 名 starts
    with it, 2 otherwise; `kana_key` is copied so that a search reads the first page in order
    from one index without touching the person table. The indexes are created in migration
    0002 (PostgreSQL needs COLLATE "C" on kana_key for a code-point order)."""

    gram = models.CharField(max_length=2)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    organization_id = models.IntegerField()
    rank = models.SmallIntegerField()
    kana_key = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.gram


class HouseholdTag(models.TextChoices):
    EIGHTY_FIFTY = "8050", "8050"
    DOUBLE_CARE = "double_care", "ダブルケア"
    YOUNG_CARER = "young_carer", "ヤングケアラー"
    SINGLE_PARENT = "single_parent", "ひとり親"
    ELDERLY_ONLY = "elderly_only", "高齢者のみ"
    FOREIGN = "foreign", "外国籍"
    LIVING_ALONE = "living_alone", "独居"
    HIKIKOMORI = "hikikomori", "ひきこもり"


class Household(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="登録機関"
    )
    name = models.CharField("世帯名", max_length=50, help_text="例: 鈴木家")
    postal_code = models.CharField("郵便番号", max_length=7, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="町丁目",
    )
    address = models.CharField("住所", max_length=200, blank=True)
    tags = models.JSONField("世帯の特徴", default=list, blank=True)
    notes = models.TextField("備考", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: set on the instance by a selector or page, for its template.
    is_restricted: bool
    contact_unmasked: bool

    class Meta:
        indexes = [
            models.Index(fields=["organization", "-updated_at"], name="household_org_updated"),
            models.Index(fields=["-updated_at"], name="household_updated"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tag_labels(self) -> list[str]:
        return [HouseholdTag(tag).label for tag in self.tags if tag in HouseholdTag.values]

    @property
    def postal_code_display(self) -> str:
        code = self.postal_code
        return f"〒{code[:3]}-{code[3:]}" if len(code) == 7 else code

    @property
    def full_address(self) -> str:
        """〒, 町丁目 and address on one line (the 町丁目 only when the address lacks it)."""
        area = self.area
        town = area.name if area is not None and area.name not in self.address else ""
        return " ".join(part for part in (self.postal_code_display, town, self.address) if part)


class Relation(models.TextChoices):
    """続柄, seen from the household's key person."""

    SELF = "self", "本人（キーパーソン）"
    SPOUSE = "spouse", "配偶者"
    CHILD = "child", "子"
    CHILD_SPOUSE = "child_spouse", "子の配偶者"
    GRANDCHILD = "grandchild", "孫"
    FATHER = "father", "父"
    MOTHER = "mother", "母"
    PARENT_IN_LAW = "parent_in_law", "義父母"
    GRANDPARENT = "grandparent", "祖父母"
    SIBLING = "sibling", "兄弟姉妹"
    OTHER_RELATIVE = "other_relative", "その他の親族"
    NON_RELATIVE = "non_relative", "同居人（親族以外）"


# Generation relative to the key person, for the genogram.
RELATION_GENERATION: dict[str, int] = {
    Relation.GRANDPARENT: -2,
    Relation.FATHER: -1,
    Relation.MOTHER: -1,
    Relation.PARENT_IN_LAW: -1,
    Relation.SELF: 0,
    Relation.SPOUSE: 0,
    Relation.SIBLING: 0,
    Relation.OTHER_RELATIVE: 0,
    Relation.NON_RELATIVE: 0,
    Relation.CHILD: 1,
    Relation.CHILD_SPOUSE: 1,
    Relation.GRANDCHILD: 2,
}


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField("続柄", max_length=20, choices=Relation.choices)
    relation_label = models.CharField(
        "続柄（詳しく）", max_length=20, blank=True, help_text="例: 長男、次女"
    )
    lives_together = models.BooleanField("同居", default=True)
    is_key_person = models.BooleanField("キーパーソン", default=False)
    is_main_carer = models.BooleanField("主たる介護者", default=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    left_on = models.DateField("世帯から外れた日", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)  # the edit form's version

    # Not columns: set on the instance by a selector or page, for its template.
    visible: bool
    withheld: bool  # the viewer may not see this member's record (同意のない世帯員)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(left_on__isnull=True),
                name="one_active_membership",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(left_on__isnull=True, is_key_person=True),
                name="one_key_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.person_id}（{self.relation_display}）"

    @property
    def relation_display(self) -> str:
        return self.relation_label or self.get_relation_display()

    @property
    def generation(self) -> int:
        return RELATION_GENERATION[Relation(self.relation)]


def restricted_at_home(person: Person | models.OuterRef) -> models.QuerySet[HouseholdMember]:
    """The current members under 閲覧制限 of the households the person lives in now (a person
    or an `OuterRef` to one). Their shared address and phone must be masked like theirs."""
    return HouseholdMember.objects.filter(
        household__members__person=person,
        household__members__left_on__isnull=True,
        left_on__isnull=True,
        person__is_restricted=True,
    )


def lives_with_restricted(person: Person) -> bool:
    """Whether the person's contact details are those of someone under 閲覧制限 (their own,
    or a home shared with such a person)."""
    return person.is_restricted or restricted_at_home(person).exists()
