"""An organisation's commissioning area, whose designated professionals review emergency access
when the organisation has no safeguarding lead; and the role of safeguarding oversight for the
system (R-FLAG-10, ADR 020)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_apitoken_expires_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="area",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "commissioner"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations_in_area",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("unscheduled-care", "Unscheduled-care clinician or receptionist"),
                    ("gp", "GP"),
                    ("community-nurse", "Health visitor or school nurse"),
                    ("lac-nurse", "Looked-after children's nurse"),
                    ("safeguarding-lead", "Named or designated safeguarding professional"),
                    ("adult-services", "Adult mental-health or substance-misuse practitioner"),
                    ("social-worker", "Local-authority social worker"),
                    ("flag-admin", "Local-authority flag administrator"),
                    ("board", "Board member or commissioner"),
                    ("sysadmin", "System administrator"),
                    ("safeguarding-oversight", "Safeguarding oversight for the system"),
                ],
                max_length=32,
            ),
        ),
    ]
