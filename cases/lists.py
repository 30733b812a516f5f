"""
The columns of a prisoner list, one row per event or per person and case:
what the import reads (bulk/importer/) and the list download writes
(/cases/list.csv, website/exports.py), so that a downloaded list imports
again. Kept here, below both.
"""

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
