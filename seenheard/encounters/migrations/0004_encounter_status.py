from django.db import migrations, models


class Migration(migrations.Migration):
    """Keep each attendance's FHIR status (ADR 023). Attendances registered before this was kept
    are left blank, which reads back as "unknown"; new ones default to "arrived"."""

    dependencies = [
        ("encounters", "0003_mothers_attend"),
    ]

    operations = [
        migrations.AddField(
            model_name="encounter",
            name="status",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.AlterField(
            model_name="encounter",
            name="status",
            field=models.CharField(blank=True, default="arrived", max_length=16),
        ),
    ]
