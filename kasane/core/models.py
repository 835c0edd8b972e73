from __future__ import annotations

from django.conf import settings
from django.db import models


class Submission(models.Model):
    """A create form posted once: the one-time key its page handed out (`SubmittedOnce`) and
    the page of the record it created. The same form posted again (a double click, a resend
    after a dropped connection) finds the key taken and is sent to that page instead of
    recording twice (see `kasane.core.submissions`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submitted_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
