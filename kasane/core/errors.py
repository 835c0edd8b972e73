from typing import TypeVar


class DomainError(Exception):
    """A rule of the domain refused an action; the message is Japanese and shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleEdit(DomainError):
    """Someone saved the record after this user opened it: saving now would silently overwrite
    their change. `current` is the stored version, so the form can offer to save again
    knowingly."""

    def __init__(self, current: str) -> None:
        super().__init__(
            "この記録は、あなたが開いた後にほかの利用者が変更しました。入力はまだ保存されていません。"
            "画面を開き直して最新の内容を確かめるか、このまま上書きしてよければもう一度「保存する」を押してください。"
        )
        self.current = current


NO_VERSION = (
    "この画面には、開いたときの記録の版がありません。入力はまだ保存されていません。"
    "画面を開き直してから、もう一度入力してください。"
)


def version_of(stored: object) -> str:
    """The version an edit form carries: the record's `updated_at` as ISO text."""
    return stored.isoformat() if hasattr(stored, "isoformat") else str(stored)


def check_version(stored: object, loaded: str) -> None:
    """Refuse to save over a version newer than the one the form was opened with. A save
    that names no version is refused too: leaving the version out must not switch the check
    off. Code that reads and saves at once passes `version_of(record)`."""
    if not loaded:
        raise DomainError(NO_VERSION)
    current = version_of(stored)
    if loaded != current:
        raise StaleEdit(current)


T = TypeVar("T")


def required(value: T | None, what: str) -> T:
    """A value the domain rules guarantee (checked when the record was saved, e.g. the plan of
    a plan-approval decision): a missing one is refused, never read as None."""
    if value is None:
        raise DomainError(f"{what}が記録されていません。")
    return value
