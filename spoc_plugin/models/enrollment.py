"""Private enrollment: invitations by email, company codes, and who redeemed which code."""
import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField

from .cohorts import SpocCohort


def new_token():
    """An unguessable invitation token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


#: ASCII capitals to ASCII small letters, and nothing else.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
#: The white space trimmed around an address: ASCII only.
_ASCII_SPACE = " \t\r\n\x0b\x0c"


def normalize_email(email):
    """The form in which invitations store, and are matched on, an email address: the address without the ASCII
    white space around it, its ASCII letters ``A-Z`` in lower case, every other character kept as it is.

    Two addresses match if and only if they differ only in the case of ASCII letters. Python's ``str.lower``
    (Unicode case mapping) is not used: it maps characters outside ASCII onto ASCII letters (U+212A KELVIN SIGN
    becomes ``k``), so that an account registered as ``<KELVIN SIGN>ate@example.com`` would match the invitation
    of ``kate@example.com``. Non-ASCII letters are compared exactly (``É`` is not ``é``): mail systems
    may treat them as different mailboxes, and an invitation never goes to a mailbox it was not sent to.
    Anything but text gives ``""``, which matches nothing.
    """
    if not isinstance(email, str):
        return ""
    return email.strip(_ASCII_SPACE).translate(_ASCII_LOWER)


class Invitation(models.Model):
    """An invitation of one email address to one SPOC cohort; the link carries ``token``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    cohort = models.ForeignKey(SpocCohort, on_delete=models.CASCADE, related_name="invitations")
    course_key = CourseKeyField(max_length=255, db_index=True)  # copied from the cohort, for lookups
    email = models.EmailField(max_length=254, db_index=True)  # normalized: see normalize_email
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(null=True, blank=True)
    accepted = models.DateTimeField(null=True, blank=True)
    last_sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["course_key", "email", "status"], name="spoc_invite_lookup")]
        ordering = ["-created"]

    def __str__(self):
        return f"{self.email} → {self.cohort.name} ({self.Status(self.effective_status).label})"

    def save(self, *args, **kwargs):
        self.course_key = self.cohort.course_key
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def is_expired(self, now=None):
        return self.expires is not None and (now or timezone.now()) >= self.expires

    @property
    def effective_status(self):
        """The status, with a pending invitation past its expiry shown as expired."""
        if self.status == self.Status.PENDING and self.is_expired():
            return self.Status.EXPIRED
        return self.status


class EnrollmentCode(models.Model):
    """A company code: whoever holds it may join the cohort, up to ``max_uses`` times."""

    cohort = models.ForeignKey(SpocCohort, on_delete=models.CASCADE, related_name="codes")
    course_key = CourseKeyField(max_length=255, db_index=True)  # copied from the cohort
    code = models.CharField(max_length=40, unique=True, help_text=_("Case-insensitive; stored in capitals."))
    max_uses = models.PositiveIntegerField(default=0, help_text=_("0 means unlimited."))
    uses = models.PositiveIntegerField(default=0, editable=False)
    expires = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.course_key = self.cohort.course_key
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)

    def is_expired(self, now=None):
        return self.expires is not None and (now or timezone.now()) >= self.expires

    @property
    def is_exhausted(self):
        return bool(self.max_uses) and self.uses >= self.max_uses


class CodeRedemption(models.Model):
    """A learner redeemed a company code: it lets them enroll, and puts them in the code's cohort."""

    code = models.ForeignKey(EnrollmentCode, on_delete=models.CASCADE, related_name="redemptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_redemptions")
    course_key = CourseKeyField(max_length=255)  # copied from the code
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "code"], name="spoc_one_redemption_per_code")]
        indexes = [models.Index(fields=["user", "course_key"], name="spoc_redemption_lookup")]

    def __str__(self):
        return _("{user} redeemed {code}").format(user=self.user.username, code=self.code.code)

    def save(self, *args, **kwargs):
        self.course_key = self.code.course_key
        super().save(*args, **kwargs)
