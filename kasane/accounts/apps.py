from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kasane.accounts"
    label = "accounts"
    verbose_name = "利用者"

    def ready(self) -> None:
        from kasane.accounts import signals  # noqa: F401  (login, logout and lockout audit)
