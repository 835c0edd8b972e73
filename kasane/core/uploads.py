"""Reading an uploaded CSV the way municipal PCs save it: UTF-8 with or without a BOM, or
Shift_JIS (CP932, what Japanese Excel writes by default). Used by every import (the directory
of 社会資源, the city's statistics); a file that cannot be read is refused as a whole with a
Japanese message (`FileRefused`)."""

from __future__ import annotations

import csv
import io


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
