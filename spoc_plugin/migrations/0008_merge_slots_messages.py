from django.db import migrations


class Migration(migrations.Migration):
    """Branches reminders (slot table) and msgs (message preferences) merged."""

    dependencies = [
        ('spoc_plugin', '0007_live_session_slots'),
        ('spoc_plugin', '0007_message_preferences'),
    ]

    operations = [
    ]
