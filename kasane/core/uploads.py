"""Reading an uploaded CSV the way municipal PCs save it: UTF-8 with or without a BOM, or
Shift_JIS (CP932, what Japanese Excel writes by default). Used by every import (the directory
of 社会資源, the city's statistics); a file that cannot be read is refused as a whole with a
Japanese message (`FileRefused`). And the one check-then-confirm step of every import: the
checked content travels signed in the confirm form (`sign_checked`, `read_checked`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core import signing


class FileRefused(Exception):
    """The file as a whole cannot be read; the message is Japanese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def decode_text(content: bytes) -> str:
    """The text of a file saved as UTF-8 (a BOM is dropped) or CP932."""
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8", "cp932"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise FileRefused("文字コードが読めません。UTF-8 か Shift_JIS（CP932）で保存してください。")


def csv_rows(content: bytes, *, hint: str = "") -> list[list[str]]:
    """Every row of a CSV file as text cells; `hint` ends the message of a file that is not
    a CSV (what form to save it in)."""
    text = decode_text(content)
    if "\x00" in text:  # a binary file (an .xls, a picture) that happened to decode
        raise FileRefused(f"CSV として読めません。{hint}")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise FileRefused(f"CSV として読めません。{hint}") from None


# --- Check, then confirm: what was checked travels signed to the confirm step ---------------

CONFIRM_MAX_AGE = 60 * 60  # seconds between the check of a file and its confirmation
CHECK_EXPIRED = "確認の期限が切れたか、内容が読めません。もう一度ファイルを選んでください。"


def sign_checked(data: object, *, purpose: str, user_pk: int) -> str:
    """The checked content of an upload, signed for this user and this import only, for the
    confirm form: nothing is stored on the server between the two steps."""
    return signing.dumps(data, salt=f"{purpose}:{user_pk}", compress=True)


def read_checked(token: str, *, purpose: str, user_pk: int) -> Any:
    """What `sign_checked` signed, if untouched, for the same user and purpose, and younger
    than `CONFIRM_MAX_AGE`; otherwise `FileRefused` with `CHECK_EXPIRED` (an expired
    signature is a bad one too)."""
    try:
        return signing.loads(token, salt=f"{purpose}:{user_pk}", max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        raise FileRefused(CHECK_EXPIRED) from None
