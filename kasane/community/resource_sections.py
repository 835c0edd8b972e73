"""The community section of a resource's page: 「この社会資源が生まれた取組・地域課題」, for
those who read community development."""

from __future__ import annotations

from typing import Any

from kasane.accounts.models import User
from kasane.community.issue_selectors import resource_origins
from kasane.resources.models import Service
from kasane.resources.sections import section


@section("community/issues_resource_section.html", order=10)
def origins_section(user: User, service: Service) -> dict[str, Any] | None:
    return resource_origins(user, service)
