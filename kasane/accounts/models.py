from __future__ import annotations

from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.utils import timezone

from kasane.accounts.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> User:
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields) -> User:
        fields.update(is_superuser=True)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff (or an external meeting member). Users are deactivated, never
    deleted, so that the audit trail always names who did what."""

    username = models.CharField(
        "ユーザー名",
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text="半角英数字と @ . + - _ が使えます。",
        error_messages={"unique": "このユーザー名は既に使われています。"},
    )
    full_name = models.CharField("氏名", max_length=100)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所属機関",
        on_delete=models.PROTECT,
        related_name="users",
    )
    email = models.EmailField("メールアドレス", blank=True)
    is_active = models.BooleanField("有効", default=True)
    date_joined = models.DateTimeField("登録日時", default=timezone.now)
    # The edit form's version: saved with the fields an admin changes (see user_update).
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name", "organization"]

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）"

    @property
    def is_staff(self) -> bool:
        # Django's admin site is not used: every change goes through Kasane's audited pages.
        return False

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's role codes. Prefetch `role_assignments` on lists to avoid a query a row."""
        return frozenset(assignment.role for assignment in self.role_assignments.all())

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in Role if role.value in self.roles]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("役割", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "役割"
        verbose_name_plural = "役割"
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_userrole_unique")
        ]
        indexes = [models.Index(fields=["role"], name="accounts_userrole_role")]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_role_display()}"
