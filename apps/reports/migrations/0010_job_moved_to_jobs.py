"""The Job model now belongs to the jobs app (apps/jobs/migrations/0001_initial.py): state only, the table stays."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0009_published_page_body"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Job")]),
    ]
