"""Double of edx-platform's openedx/core/djangoapps/user_api/models.py (only UserPreference).

Left out: the key format validator and the preference-change events.
"""
from django.conf import settings
from django.db import models


class UserPreference(models.Model):
    """Mirrors upstream's UserPreference: one string value per user and key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_index=True, related_name="preferences",
                             on_delete=models.CASCADE)
    key = models.CharField(max_length=255, db_index=True)
    value = models.TextField()

    class Meta:
        unique_together = ("user", "key")

    def __str__(self):
        return f"{self.user_id}: {self.key}={self.value}"

    @classmethod
    def get_all_preferences(cls, user):
        """Mirrors upstream: the user's preferences as a dict."""
        return {preference.key: preference.value for preference in user.preferences.all()}

    @classmethod
    def get_value(cls, user, preference_key, default=None):
        """Mirrors upstream: the stored string, or ``default``."""
        try:
            return cls.objects.get(user=user, key=preference_key).value
        except cls.DoesNotExist:
            return default
