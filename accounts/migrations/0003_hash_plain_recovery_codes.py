"""
Move the recovery codes out of django-otp's static plugin, which keeps them
in clear, into accounts.RecoveryCodeDevice, which keeps only their salted
hashes; then delete the plain ones.

Every code that worked still works, once. A session verified by a recovery
code loses that (its device is gone) and logs in again. Each code costs one
slow hash (Argon2, a tenth of a second or so): a few minutes for a hundred
users with ten codes each.

The reverse does nothing: a hash cannot be turned back into its code. Going
back to before 0002 drops the hashed codes, and each user makes new ones
(<admin>/account/recovery-codes/) after logging in with their app.
"""

from django.contrib.auth.hashers import make_password
from django.db import migrations


def hash_plain_codes(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodeDevice = apps.get_model("accounts", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    # Unconfirmed static devices never let anyone in; the app made none.
    # A user with several (made in the admin) gets one device with all
    # their codes.
    plain = StaticDevice.objects.filter(confirmed=True).order_by("user_id", "pk")
    for static in plain.prefetch_related("token_set"):
        device, _ = RecoveryCodeDevice.objects.get_or_create(
            user_id=static.user_id,
            defaults={"name": static.name, "last_used_at": static.last_used_at},
        )
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=make_password(token.token))
            for token in static.token_set.all()
        )
    # Their tokens go with them (CASCADE).
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_recoverycodedevice_recoverycode_and_more"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(hash_plain_codes, migrations.RunPython.noop),
    ]
