"""
Share cards: the picture a link to a person's or a case's page shows on other
sites (Open Graph's og:image), and what it says.

A person's page offers their photo when there is one and its licence lets
other sites show it (``Person.photo_is_shareable``); any other page, a card
drawn on the server (lib/cards.py) with the name or the title, the status
line with its "as of" in the page's language, and the site's name.

A card says only what the page says: its words come from the record the
view fetched through ``published()``, so a draft is a 404 and a pending
revision's new name waits with the rest of it. Drawn cards are kept in the
``fragments`` cache under a digest of their words, language and design: an
edit that changes what a card says changes its key, so a kept card is never
stale, and other edits (which replace the public version, and with it every
page the page cache keeps) leave it in place.
"""

import hashlib

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lib import cards

from .custody import status_line
from .fragments import remember
from .templatetags.public_tags import status_class

# The colours of the page's status badges (static/css/site.css).
COLOURS = {
    "status--held": "#9b1c1c",
    "status--free": "#1b5e20",
    "status--neutral": "#4a4a4a",
    "status--died": "#111111",
}


def person_words(person, has_case):
    """Return (title, status line) of a person's card; someone without a case
    of their own (a lawyer, a relative) has no status to show."""
    return person.display_name, status_line(person) if has_case else ""


def case_words(case):
    """Return (title, status line) of a case's card."""
    return case.title, status_line(case)


def _words(title, line, status):
    return [cards.DESIGN, title, line, COLOURS[status_class(status)]]


def card_png(title, line, status):
    """Return the card (PNG bytes) in the active language, drawn at most once
    per wording."""
    words = _words(title, line, status)
    return remember(
        "share-card",
        words,
        lambda: cards.draw_card(title, line, colour=words[-1]),
    )


def card_response(title, line, status):
    """Return the card as an image response, cached like the badge."""
    response = HttpResponse(card_png(title, line, status), content_type="image/png")
    response["Content-Language"] = translation.get_language()
    patch_cache_control(response, public=True, max_age=3600)
    # Other sites show it: it must not be refused as a cross-origin resource.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def share_image(request, *, url_name, slug, words, status, photo_of=None):
    """
    Return what a page's head says of its image (url, width, height, type,
    alt): ``photo_of``'s photo when it may be shown on other sites, else the
    card. The card's address carries the page's language and a digest of its
    words, so that sites that keep pictures by address fetch it again once
    the words change.
    """
    if photo_of is not None and photo_of.photo and photo_of.photo_is_shareable:
        return {
            "url": request.build_absolute_uri(photo_of.photo.url),
            "alt": _("Photo of %(name)s") % {"name": photo_of.name},
        }
    title, line = words
    language = translation.get_language()
    digest = hashlib.blake2b(
        "\x00".join([language, *_words(title, line, status)]).encode(),
        digest_size=6,
    ).hexdigest()
    query = urlencode({"lang": language, "v": digest})
    return {
        "url": request.build_absolute_uri(f"{reverse(url_name, args=[slug])}?{query}"),
        "type": "image/png",
        "width": cards.WIDTH,
        "height": cards.HEIGHT,
        "alt": f"{title}: {line}" if line else title,
    }
