from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """An account. What readers and authors show to others is a pseud (`works.Creator`)."""

    class Meta:
        db_table = "accounts_user"
