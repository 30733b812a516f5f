"""System checks for the staff accounts (manage.py check --deploy)."""

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

# Mail backends that deliver nothing, and where the mail goes instead.
UNDELIVERED = {
    "django.core.mail.backends.console.EmailBackend": "prints mail to the console",
    "django.core.mail.backends.locmem.EmailBackend": "keeps mail in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws mail away",
    "django.core.mail.backends.filebased.EmailBackend": "writes mail to files",
}


@register(Tags.security, deploy=True)
def check_mail_is_delivered(app_configs, **kwargs):
    """
    Warn when, with debug off, mail is not sent: password-reset links and
    security notices (an app was set up) reach no one, and whoever reads
    the console log or the files can use the reset links in them.
    """
    where = UNDELIVERED.get(settings.EMAIL_BACKEND)
    if settings.DEBUG or where is None:
        return []
    return [
        CheckWarning(
            f"EMAIL_BACKEND {settings.EMAIL_BACKEND} {where}: password-reset "
            "links and security notices reach no one, and whoever can read "
            "them there can reset a password.",
            hint=(
                "Set DJANGO_EMAIL_URL to your mail server, e.g. "
                "smtp+tls://user:password@mail.example.org:587."
            ),
            id="accounts.W001",
        )
    ]
