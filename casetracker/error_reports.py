"""What the debug error page and error mail show: no password of any URL."""

import re

from django.views.debug import SafeExceptionReporterFilter

# scheme://user:password@host: the password runs to the last "@" before
# the path, as urllib reads it.
URL_PASSWORD = re.compile(
    r"(?P<start>\b[a-z][a-z0-9+.-]*://[^:/?#@\s]*:)(?P<password>[^/?#\s]+)@", re.I
)


def mask_url_passwords(text, substitute):
    """Return ``text`` with the password of every URL in it replaced."""
    return URL_PASSWORD.sub(rf"\g<start>{substitute}@", text)


class URLPasswordFilter(SafeExceptionReporterFilter):
    """
    Django's filter (settings and META keys that look secret, the session
    cookie, sensitive_variables…), and also the password in every
    ``scheme://user:password@host`` among settings, request.META (where
    runserver puts the environment: DATABASE_URL, DJANGO_EMAIL_URL,
    CACHE_URL, DATABASE_REPLICA_URL) and a frame's local variables.
    """

    def cleanse_setting(self, key, value):
        # Django recurses into dicts, lists and tuples through this method,
        # so each string inside them comes here too.
        cleansed = super().cleanse_setting(key, value)
        # Plain strings only: a lazy object would be evaluated to be read.
        if type(cleansed) is str:
            return mask_url_passwords(cleansed, self.cleansed_substitute)
        return cleansed

    def cleanse_special_types(self, request, value):
        value = super().cleanse_special_types(request, value)
        if type(value) is str:
            return mask_url_passwords(value, self.cleansed_substitute)
        return value
