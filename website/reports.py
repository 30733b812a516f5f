"""
Readers' reports of errors, and information they send: the public form,
and the limit on how often one address may send one, kept without storing
the address (a keyed hash whose key changes every day).
"""

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.addresses import client_ip
from cases.models import Case, Statement, TimelineEvent
from editorial.models import Report
from lib.cache import cache_add, log
from people.models import Person

# What may be reported on, by the word its address uses.
KINDS = {
    "person": (Person, "slug"),
    "case": (Case, "slug"),
    "statement": (Statement, "slug"),
    "event": (TimelineEvent, "pk"),
}
HOURLY_LIMIT = 10


def reported_record(kind, key):
    """Return the published record a report is about, or None."""
    if kind not in KINDS:
        return None
    model, field = KINDS[kind]
    if field == "pk" and not key.isdigit():
        return None
    return model.objects.published().filter(**{field: key}).first()


def report_path(record):
    """The address of the form about ``record`` (a public record)."""
    from django.urls import reverse

    for kind, (model, field) in KINDS.items():
        if isinstance(record, model):
            return reverse("cases:report", args=[kind, getattr(record, field)])
    raise ValueError(f"no report form for {record!r}")


def _sender_key(request, now):
    """Who sent it, as a digest that cannot be turned back into an address
    and that means nothing tomorrow: keyed by the secret key and the day."""
    day_key = f"{settings.SECRET_KEY}:reports:{now.date().isoformat()}".encode()
    address = (client_ip(request) or "").encode()
    return hmac.new(day_key, address, hashlib.sha256).hexdigest()[:32]


def allow_another(request, now=None):
    """
    Count a report from the request's address in this hour; return whether
    it is within the limit (HOURLY_LIMIT an hour). If the cache cannot be
    reached, reports are taken: a form that refuses everyone would lose
    what readers send.
    """
    now = now or timezone.now()
    key = f"reports:{_sender_key(request, now)}:{now:%Y%m%d%H}"
    cache_add(key, 0, 3600)
    try:
        count = caches["default"].incr(key)
    except Exception as error:  # the cache is down, or lost the key
        log.warning("report limit not counted: %s", error)
        return True
    return count <= HOURLY_LIMIT


class ReportForm(forms.ModelForm):
    # Left empty by people (it is hidden from them and from screen readers);
    # filled by robots that fill every field. Such a report is not kept.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Report
        fields = ["message", "source_url", "contact"]
        labels = {
            "message": _("What is wrong, or what do you know?"),
            "source_url": _("A source that shows it (optional)"),
            "contact": _("How we may reach you (optional)"),
        }
        help_texts = {
            "message": _("Say which fact, date or name, and what the source says."),
            "source_url": _("A web address: an article, a document, a court record."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not in Meta: translated in the reader's language.
        self.fields["contact"].help_text = _(
            "An e-mail address or another way. Only the editors see it, and it "
            "is deleted after %(days)s days."
        ) % {"days": settings.CASETRACKER_TIP_RETENTION_DAYS}

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))
