"""The name rule: whether a text names one of some people. Records meant to stay anonymous
(an unmet need of participation, a community issue raised from a case) refuse a text that
names a person on the case they came from; both ask here."""

from __future__ import annotations

from collections.abc import Iterable

from kasane.core.japanese import name_key
from kasane.people.models import Person

HONORIFICS = ("さん", "くん", "ちゃん", "君", "様")

NAME_REFUSED = "個人が分かる名前は書かないでください。年代や状況など一般的な言葉で書きます。"


def names_in(text: str, people: Iterable[Person]) -> list[str]:
    """The names of these people that the text contains (as `name_key` reads them: kana,
    width and 異体字 do not matter). A one-character name (修) counts only with an honorific
    (修さん), lest every 修 in a sentence be refused."""
    key = name_key(text)
    found = []
    for person in people:
        names = {person.full_name.replace(" ", ""), person.family_name, person.given_name}
        names |= {person.family_kana, person.given_kana}
        for name in filter(None, names):
            forms = [name] if len(name_key(name)) >= 2 else [name + h for h in HONORIFICS]
            if any(name_key(form) in key for form in forms):
                found.append(name)
    return sorted(set(found))
