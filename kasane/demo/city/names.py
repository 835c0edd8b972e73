"""Every name the contract gives a person or a household, so that generated data can keep clear
of them: a drawn 髙橋 美咲 next to the story's, or a drawn 田中家 case beside the named one,
would be taken for the same."""

from __future__ import annotations

from kasane.demo.city.intake import SHEETS
from kasane.demo.city.meetings import MEETINGS, VOLUNTEERS
from kasane.demo.city.people import HOUSEHOLDS
from kasane.demo.city.users import USERS


def named_people() -> list[str]:
    """The full names ("氏 名") of the residents, staff, sheet subjects and meeting guests."""
    residents = [f"{member[0]} {member[1]}" for spec in HOUSEHOLDS for member in spec["members"]]
    staff = [full_name for full_name, _, _ in USERS.values()]
    subjects = [spec["subject_name"] for spec in SHEETS]
    guests = [
        entry["name"] for spec in MEETINGS for entry in spec["participants"] if "name" in entry
    ]
    return [*residents, *staff, *subjects, *guests, *VOLUNTEERS]


def household_names() -> list[str]:
    return [spec["name"] for spec in HOUSEHOLDS]
