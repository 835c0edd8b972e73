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


class UserSession(models.Model):
    """One signed-in session of a user (a browser on a device), so that the user sees where
    they are signed in and ends the others, and an admin ends them all (a lost device). The
    session itself lives in the session store: a row counts only while its session does
    (`selectors.active_sessions`); `sessions_prune` removes the others."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField("接続元", null=True, blank=True)
    user_agent = models.CharField("ブラウザ", max_length=300, blank=True)
    signed_in_at = models.DateTimeField("ログイン日時", default=timezone.now)
    last_seen_at = models.DateTimeField("最後の操作", default=timezone.now)

    class Meta:
        verbose_name = "ログイン中の端末"
        verbose_name_plural = "ログイン中の端末"
        ordering = ["-last_seen_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user.username} {self.signed_in_at:%Y-%m-%d %H:%M}"

    @property
    def browser(self) -> str:
        """A short name of the browser and system, from the User-Agent (never trusted for
        anything but this label)."""
        agent = self.user_agent
        system = next((name for key, name in _SYSTEMS if key in agent), "")
        browser = next((name for key, name in _BROWSERS if key in agent), "ブラウザ")
        return f"{browser}（{system}）" if system else browser


# First match wins: Edge and Chrome both say "Chrome", Chrome and Safari both say "Safari".
_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
)
