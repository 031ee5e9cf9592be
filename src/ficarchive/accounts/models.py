from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from ficarchive.works.models import Creator


class User(AbstractUser):
    """An account. What readers and authors show to others is a pseud (`works.Creator`)."""

    class Meta:
        db_table = "accounts_user"


class ClaimInvitation(models.Model):
    """A link mailed to an imported creator's email on record; following it claims the creator."""

    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="claim_invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"claim of {self.creator} sent to {self.email}"
