"""Every API token expires (ADR 012). Tokens issued before this migration had no expiry: they
are given 90 days from the moment the migration runs, the same lifetime as a new token, so no
system that uses one stops working without notice."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

EXISTING_TOKEN_DAYS = 90


def ninety_days_from_now() -> dt.datetime:
    # Called once, when the migration runs; every existing token gets the same expiry.
    return timezone.now() + dt.timedelta(days=EXISTING_TOKEN_DAYS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=ninety_days_from_now),
            preserve_default=False,
        ),
    ]
