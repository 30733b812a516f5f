"""
Content in the readers' languages: which fields of a model editors write in
each language of settings.LANGUAGES (registered with django-modeltranslation
in people/translation.py and cases/translation.py, a column per language:
``title_en``, ``title_az``…), and how public surfaces read them.

Reading ``obj.title`` gives the active language's text, or another
language's without saying so; public surfaces that must say so (the page
marks a fallback, the API names the language) read ``text_in()``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language
from modeltranslation.utils import resolution_order as _order


def language_codes():
    """Return the codes of settings.LANGUAGES, the default one first."""
    return [code for code, _name in settings.LANGUAGES]


def translated_fields(model):
    """Return the names of ``model``'s fields written in each language, in
    the model's order (the library keeps them in a set, whose order changes
    from one process to the next: downloads and the API list them)."""
    names = _TRANSLATED.get(model)
    if names is None:
        try:
            registered = translator.get_options_for_model(model).fields
        except NotRegistered:
            return ()
        names = tuple(f.name for f in model._meta.fields if f.name in registered)
        if names:  # an empty answer may come before registration is done
            _TRANSLATED[model] = names
    return names


_TRANSLATED = {}


def localized(name, language):
    """Return the column of field ``name`` in ``language`` (``title_az``)."""
    return build_localized_fieldname(name, language)


def english_columns(model, values):
    """Return ``values`` (field names to values) with each text of ``model``
    written per language under its English column ("title" becomes
    "title_en"), whatever language is active: the library's own name writes
    the active language's column."""
    translated = translated_fields(model)
    english = settings.LANGUAGE_CODE
    return {
        localized(name, english) if name in translated else name: value
        for name, value in values.items()
    }


def localized_names(name):
    """Return the columns of field ``name``, one per language."""
    return [localized(name, code) for code in language_codes()]


def base_name(model, name):
    """Return the translated field whose column in a language is ``name``
    (``title`` for ``title_az``), or None."""
    for field in translated_fields(model):
        if name in localized_names(field):
            return field
    return None


def resolution_order(language=None):
    """Return the languages a text is looked for in, for readers of
    ``language`` (the active one by default): theirs first, then English,
    then the others in the order of settings.LANGUAGES."""
    return _order(language or get_language())


def text_in(obj, name, language=None):
    """
    Return (text, language) of ``obj``'s field ``name`` for readers of
    ``language``: the text in their language, or else the first language of
    resolution_order() that has one, with that language's code; ("", None)
    when no language has it. For a field not written per language, its
    value and None.
    """
    if name not in translated_fields(type(obj)):
        return getattr(obj, name), None
    for code in resolution_order(language):
        value = getattr(obj, localized(name, code), "")
        if value:
            return value, code
    return "", None


def translations_of(obj, name):
    """Return {language: text} of ``obj``'s field ``name``, every language
    that has one."""
    values = {
        code: getattr(obj, localized(name, code), "") for code in language_codes()
    }
    return {code: value for code, value in values.items() if value}


def all_texts(obj, *names):
    """Return every language's text of ``obj``'s fields ``names`` (for the
    search text, which finds a record by any of its languages)."""
    texts = []
    for name in names:
        if name in translated_fields(type(obj)):
            texts.extend(getattr(obj, column) or "" for column in localized_names(name))
        else:
            texts.append(getattr(obj, name))
    return texts


# A translation shown beside an original (a source's title_translation, a
# quote's quote_translation): a reader of the original's language needs none.
TRANSLATION_BESIDE = "_translation"


def missing_translation(model, language):
    """
    Return a Q of the ``model`` records with a text that some language has
    and ``language`` has not (used by the admin's "missing a translation"
    filter and the admin home's counts). Translations shown beside an
    original are left out: they are optional.
    """
    missing = Q(pk__in=[])
    for name in translated_fields(model):
        if name.endswith(TRANSLATION_BESIDE):
            continue  # optional: the original is what is shown first
        has_other = Q(pk__in=[])
        for code in language_codes():
            if code != language:
                has_other |= _has(localized(name, code))
        missing |= ~_has(localized(name, language)) & has_other
    return missing


def has_text(name):
    """Return a Q of the records whose field ``name`` has a text in some
    language."""
    has = Q(pk__in=[])
    for column in localized_names(name):
        has |= _has(column)
    return has


def _has(column):
    # Translation columns are nullable: a language never written is NULL,
    # one written and emptied is "".
    return Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})


def in_reader_language(name, language=None):
    """
    Return an expression of field ``name``'s text as a reader of
    ``language`` (the active one by default) is shown it: their language's,
    else the first of resolution_order() that has one. Lists sort by it, so
    that untranslated records sort among the others by the text they show.
    """
    columns = [localized(name, code) for code in resolution_order(language)]
    return Coalesce(
        *(NullIf(F(column), Value("")) for column in columns),
        output_field=models.TextField(),
    )
