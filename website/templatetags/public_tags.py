"""Formatting for the public pages; nothing here queries the database."""

import datetime
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from editorial.translations import localized, text_in
from lib import dates
from people.status import CUSTODIAL
from website import custody, fragments
from website.labels import choice_label, event_kind_label
from website.languages import written_in

register = template.Library()

# As json_script escapes them. str.replace, not str.translate: translate with a
# mapping goes character by character in Python, 2 ms on a long chronology.
_JSON_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


@register.simple_tag(takes_context=True)
def chronology(context):
    """Render the ``chronology`` in the context, from the fragment cache."""
    return fragments.render_chronology(
        context["chronology"], context.get("show_case_labels", False)
    )


@register.tag
def kept_card(parser, token):
    """
    ``{% kept_card record keep %}…{% endkept_card %}``: when ``keep`` is
    true, the block rendered once per record, language, day and public
    version (fragments.remember_published), so that the filter combinations
    of a list share their cards until the next publication. For cards that
    show nothing but the record (and what it prefetched).
    """
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("kept_card takes a record and a flag")
    nodelist = parser.parse(("endkept_card",))
    parser.delete_first_token()
    return KeptCardNode(nodelist, *map(parser.compile_filter, bits[1:]))


class KeptCardNode(template.Node):
    def __init__(self, nodelist, record, keep):
        self.nodelist, self.record, self.keep = nodelist, record, keep

    def render(self, context):
        record = self.record.resolve(context)
        if not self.keep.resolve(context):
            return self.nodelist.render(context)
        return fragments.remember_published(
            f"card:{record._meta.label_lower}",
            [record.pk, datetime.date.today()],
            lambda: self.nodelist.render(context),
        )


@register.simple_tag
def statement_list(statements):
    """Render statements with their signatories, from the fragment cache."""
    return fragments.render_statements(statements)


@register.simple_tag
def source_list(sources):
    """Render a page's numbered sources, from the fragment cache."""
    return fragments.render_sources(sources)


@register.filter
def edtf_display(text):
    """Show an EDTF date at its own precision: "June 2012", "c. 2011"."""
    return dates.display(text)


@register.filter
def day(value):
    """Say a date (or a moment, on the site's calendar) as running text does:
    "9 January 2023", "9 yanvar 2023", "9 января 2023"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return dates.display(value.isoformat())


@register.filter
def status_class(status):
    """Return the CSS modifier of a status badge."""
    if status in CUSTODIAL or status == "charged_while_held":
        return "status--held"
    if status in {"died_in_custody", "deceased"}:
        return "status--died"
    if status in {"unknown", "charged"}:
        return "status--neutral"
    return "status--free"


@register.filter
def label(record, name):
    """The display label of a choice field (website/labels.py)."""
    return choice_label(record, name)


@register.filter
def as_of(record):
    """ "as of December 2024": how far the sources document a status."""
    return custody.as_of(record)


@register.filter
def status_line(record):
    """ "Sentenced, imprisoned — as of December 2024"."""
    return custody.status_line(record)


@register.simple_tag
def held_in(case, cases):
    """The other of ``cases`` that held the person when ``case`` charged
    them, for "Charged while held in the case …"."""
    return custody.held_in(case, cases)


@register.simple_tag
def custody_phrase(case, today):
    """The custody wording of website/custody.py, for templates."""
    return custody.custody_phrase(case, today)


@register.filter
def citation_markers(numbers, prefix="source"):
    """Render [1][3] links to the numbered sources at the foot of the page."""
    return format_html_join_markers(numbers, prefix)


def format_html_join_markers(numbers, prefix):
    parts = [
        format_html(
            '<a class="cite" href="#{}-{}" aria-label="{}">[{}]</a>',
            prefix,
            n,
            _("Source %(n)s") % {"n": n},
            n,
        )
        for n in numbers
    ]
    return mark_safe("".join(parts))  # each part is escaped by format_html


@register.simple_tag
def ld_json(data):
    """Render a schema.org JSON-LD block, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escape in _JSON_ESCAPES:
        text = text.replace(character, escape)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # <, >, & escaped above
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Return the current query string with ``changes`` applied (None drops)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def edtf_time(text):
    """
    Render an EDTF date for reading, inside <time> when it is a single day,
    month or year (HTML has no form for intervals or uncertainty).
    """
    shown = dates.display(text)
    machine = dates.machine_readable(text)
    if machine:
        return format_html('<time datetime="{}">{}</time>', machine, shown)
    return shown


@register.filter
def event_when(event):
    """An event's date for reading: a span with its length ("45 days, 1
    July – 15 August 2019"), a single date inside <time>."""
    if event.is_span:
        return event.when_display
    return edtf_time(event.date)


@register.filter
def event_kind(event):
    """An event's kind for reading ("Hunger strike" for a documented span
    of one)."""
    return event_kind_label(event)


@register.simple_tag
def schedule_note(event, today):
    """Where a scheduled event stands on ``today``: "Scheduled" until its
    date has passed, then its outcome or "outcome not yet documented";
    nothing for an event not scheduled."""
    Schedule = event.Schedule
    state = event.schedule_on(today)
    if state == Schedule.UPCOMING:
        return format_html(
            '<p class="event__schedule event__schedule--upcoming">{}</p>',
            _("Scheduled, as a cited source announced."),
        )
    if state == Schedule.OUTCOME_MISSING:
        return format_html(
            '<p class="event__schedule event__schedule--missing">{}</p>',
            _("Scheduled for this date; outcome not yet documented."),
        )
    if state == Schedule.OUTCOME_RECORDED:
        return format_html(
            '<p class="event__schedule">{}</p>',
            _("Outcome: %(outcome)s") % {"outcome": event.outcome},
        )
    return ""


@register.simple_tag
def period(started, ended):
    """Return "2011 – 2013", "since 2011", "until 2009" or "" from EDTF texts."""
    start, end = dates.display(started), dates.display(ended)
    if start and end:
        return _("%(start)s – %(end)s") % {"start": start, "end": end}
    if start:
        return _("since %(date)s") % {"date": start}
    if end:
        return _("until %(date)s") % {"date": end}
    return ""


@register.inclusion_tag("includes/report_and_corrections.html")
def corrections_and_report(record):
    """The record's public correction notes ("Corrected on 3 May 2025: the
    sentence date"), and the way to report an error in it."""
    from editorial.models import Report
    from website.reports import report_path

    return {
        "corrections": list(Report.corrections_of(record)),
        "report_url": report_path(record),
    }


@register.simple_tag
def translated(obj, name, lines=False):
    """
    ``obj``'s text ``name`` in the reader's language. A text the record has
    only in another language is shown in that one, marked as such: its own
    ``lang`` for screen readers and a note ("in English") beside it, never
    mixed in silently. ``lines`` keeps the text's line breaks.
    """
    text, language = text_in(obj, name)
    if not text:
        return ""
    html = linebreaksbr(text) if lines else conditional_escape(text)
    if language is None or language == translation.get_language():
        return html
    return format_html(
        '<span lang="{}">{}</span> <small class="untranslated">({})</small>',
        language,
        html,
        written_in(language),
    )


@register.simple_tag
def fallback_language(obj, name):
    """The language of ``obj``'s text ``name`` when it is not the reader's
    (a fallback, to be marked), else ""."""
    text, language = text_in(obj, name)
    if not text or language in (None, translation.get_language()):
        return ""
    return language


@register.simple_tag
def untranslated_note(language):
    """The note beside a text shown in ``language``: "(in English)"."""
    if not language:
        return ""
    return format_html(
        ' <small class="untranslated">({})</small>', written_in(language)
    )


@register.simple_tag
def translation_for_reader(obj, name):
    """``obj``'s text ``name`` in the reader's language only, or "" (a
    translation shown beside an original: none is better than another
    language's)."""
    return getattr(obj, localized(name, translation.get_language()), "") or ""
