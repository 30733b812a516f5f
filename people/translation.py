"""
The public texts of people/ that editors write in each language of
settings.LANGUAGES (django-modeltranslation adds one column per language:
``biography_en``, ``biography_az``…). Names are not here: a person's name
in another language or script is an other name (PersonAlias) with its
language.

Each model's history (django-simple-history) is registered beside it, so
that a historical version keeps every language and a revert restores them.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Organization, Person


@register([Person, Person.history.model])
class PersonTranslation(TranslationOptions):
    fields = ("biography",)


@register([Organization, Organization.history.model])
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "acronym", "description")
    # The name is required in the default language only; another language
    # without one falls back to it (and is marked so on the page).
    required_languages = ("en",)
