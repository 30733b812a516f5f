"""
The columns of a prisoner list, one row per event or per person and case:
what the import reads (bulk/importer/) and the list download writes
(/cases/list.csv, website/exports.py), so that a downloaded list imports
again. Kept here, below both.
"""

from django.conf import settings

from editorial.translations import language_codes, localized

LIST_COLUMNS = (
    "person",
    "person_native",
    "person_role",
    "person_gender",
    "person_born",
    "person_other_names",
    "country",
    "case",
    "case_charges",
    "case_court",
    "case_facility",
    "case_sentence",
    "case_sentence_months",
    "event_date",
    "event_kind",
    "title",
    "description",
    "source_url",
    "source_title",
    "source_publisher",
    "source_date",
)

# Optional columns: an event's title and description in each other language
# of settings.LANGUAGES (title_az, title_ru, description_az…), read by the
# import beside the English "title" and "description".
EVENT_TEXTS = ("title", "description")
TRANSLATION_COLUMNS = tuple(
    localized(name, code)
    for name in EVENT_TEXTS
    for code in language_codes()
    if code != settings.LANGUAGE_CODE
)
