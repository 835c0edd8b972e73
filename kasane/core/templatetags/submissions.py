"""`{% submission_key %}`: the one-time key of a create form written by hand in a template
(forms rendered from a Django form carry it as a hidden field; see kasane.core.submissions)."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html

from kasane.core.submissions import SUBMISSION_FIELD

register = template.Library()


@register.simple_tag
def submission_key() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', SUBMISSION_FIELD, uuid.uuid4())
