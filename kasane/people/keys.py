"""Derived columns of a person: the normalised keys and the name n-grams that search reads.

A name is found by any two consecutive characters of its normalised 氏名 or フリガナ
(2-grams), so 「たか」 and 「高橋」 both find 髙橋 美咲. A 氏 or 名 of a single character (林, 勇)
also gets a one-character row, so that those names can be searched for whole.
"""

from __future__ import annotations

from kasane.core.japanese import address_key, digits_key, name_key

EXACT, PREFIX, INSIDE = 0, 1, 2


def person_keys(
    *,
    family_name: str,
    given_name: str,
    family_kana: str,
    given_kana: str,
    phone: str,
    address: str,
) -> dict[str, str]:
    family, given = name_key(family_name), name_key(given_name)
    family_kana_key, given_kana_key = name_key(family_kana), name_key(given_kana)
    return {
        "family_key": family,
        "given_key": given,
        "name_key": family + given,
        "family_kana_key": family_kana_key,
        "given_kana_key": given_kana_key,
        "kana_key": family_kana_key + given_kana_key,
        "phone_key": digits_key(phone),
        "address_key": address_key(address),
    }


def name_grams(keys: dict[str, str]) -> dict[str, int]:
    """Each distinct gram of the name and kana with its best rank (EXACT, PREFIX, INSIDE)."""
    grams: dict[str, int] = {}

    def add(gram: str, rank: int) -> None:
        grams[gram] = min(rank, grams.get(gram, INSIDE))

    for whole, parts in (
        (keys["name_key"], (keys["family_key"], keys["given_key"])),
        (keys["kana_key"], (keys["family_kana_key"], keys["given_kana_key"])),
    ):
        for index in range(len(whole) - 1):
            add(whole[index : index + 2], INSIDE)
        for part in parts:
            if len(part) == 1 or len(part) == 2:
                add(part, EXACT)
            elif part:
                add(part[:2], PREFIX)
    return grams
