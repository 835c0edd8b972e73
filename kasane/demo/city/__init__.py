"""デモ市: the demo city. Its users and organisations are a contract that the issues and the
acceptance tests rely on: keep names, roles and facts stable as the demo grows.

One module per domain; everything is re-exported here, so readers write `city.USERS`,
`city.HOUSEHOLDS`, `city.MEETINGS` without knowing which file holds them."""

from kasane.demo.city.cases import CASES
from kasane.demo.city.intake import CONSULTATIONS, SHEETS
from kasane.demo.city.meetings import MEETING_BODIES, MEETINGS, VOLUNTEERS
from kasane.demo.city.names import household_names, named_people
from kasane.demo.city.notices import NOTICES
from kasane.demo.city.organizations import CITY, CONSULTATION_WINDOW, ORGANIZATIONS, SPHERES
from kasane.demo.city.outreach import OUTREACH
from kasane.demo.city.participation import MATCHES as PARTICIPATION_MATCHES
from kasane.demo.city.participation import PROFILES as PARTICIPATION_PROFILES
from kasane.demo.city.participation import TEAM_JOINS as PARTICIPATION_TEAM_JOINS
from kasane.demo.city.participation import UNMET_NEEDS
from kasane.demo.city.people import HOUSEHOLDS
from kasane.demo.city.resources import RESOURCE_ORGANIZATIONS, RESOURCES
from kasane.demo.city.users import TWO_FACTOR_SECRETS, USERS

__all__ = [
    "CASES",
    "CITY",
    "CONSULTATIONS",
    "CONSULTATION_WINDOW",
    "HOUSEHOLDS",
    "MEETINGS",
    "MEETING_BODIES",
    "NOTICES",
    "ORGANIZATIONS",
    "OUTREACH",
    "PARTICIPATION_MATCHES",
    "PARTICIPATION_PROFILES",
    "PARTICIPATION_TEAM_JOINS",
    "RESOURCES",
    "RESOURCE_ORGANIZATIONS",
    "SHEETS",
    "SPHERES",
    "TWO_FACTOR_SECRETS",
    "UNMET_NEEDS",
    "USERS",
    "VOLUNTEERS",
    "household_names",
    "named_people",
]
