"""Every emergency access grant names who reviews it (R-FLAG-10, ADR 020).

Grants given before this migration were reported to the safeguarding leads of the organisation
they were used in, and that organisation's leads review them: they keep that route.
(Depends on access 0001 only; another branch adds access 0002, and this is re-pointed after it
when the two are merged.)
"""

from django.db import migrations, models
from django.db.models import F


def existing_grants_reviewed_where_they_were_used(apps, schema_editor):
    grant = apps.get_model("access", "BreakGlassGrant")
    grant.objects.filter(reviewer_org_code="").update(reviewer_org_code=F("org_code"))


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_trace"),
    ]

    operations = [
        migrations.AddField(
            model_name="breakglassgrant",
            name="review_route",
            field=models.CharField(
                choices=[
                    ("organisation", "The organisation's safeguarding lead"),
                    ("area", "The area's designated safeguarding professional"),
                    ("system", "Safeguarding oversight for the system"),
                    ("none", "Nobody: no reviewer could be found"),
                ],
                default="organisation",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="breakglassgrant",
            name="reviewer_names",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="breakglassgrant",
            name="reviewer_org_code",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.AddField(
            model_name="breakglassgrant",
            name="reviewed_by_name",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="breakglassgrant",
            name="user_name",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="breakglassgrant",
            name="user_role",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddIndex(
            model_name="breakglassgrant",
            index=models.Index(fields=["reviewer_org_code", "granted_at"], name="bg_reviewer_org"),
        ),
        migrations.AddIndex(
            model_name="breakglassgrant",
            index=models.Index(fields=["review_route", "granted_at"], name="bg_review_route"),
        ),
        migrations.RunPython(
            existing_grants_reviewed_where_they_were_used, migrations.RunPython.noop
        ),
    ]
