from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('spoc_plugin', '0010_calendar_feed'),
    ]

    operations = [
        migrations.AddField(
            model_name='messagepreference',
            name='tutor_emails',
            field=models.BooleanField(default=True, help_text='As a tutor: this course in the weekly digest, and missed-checkpoint notices.'),
        ),
    ]
