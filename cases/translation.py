"""
The public texts of cases/ that editors write in each language of
settings.LANGUAGES (django-modeltranslation adds one column per language:
``title_en``, ``title_az``…). A source's title, and the quotes of sources
and statements, stay in their own language: what is translated is a
``…_translation`` field shown beside them. Each model's history is
registered beside it, so that a historical version keeps every language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Case, Charge, Citation, Source, Statement, TimelineEvent


@register([Case, Case.history.model])
class CaseTranslation(TranslationOptions):
    fields = ("title", "summary", "sentence")
    required_languages = ("en",)


@register([Charge, Charge.history.model])
class ChargeTranslation(TranslationOptions):
    fields = ("description",)
    required_languages = ("en",)


@register([TimelineEvent, TimelineEvent.history.model])
class TimelineEventTranslation(TranslationOptions):
    fields = ("title", "description", "place", "outcome")
    required_languages = ("en",)


@register([Source, Source.history.model])
class SourceTranslation(TranslationOptions):
    fields = ("title_translation",)


@register([Citation, Citation.history.model])
class CitationTranslation(TranslationOptions):
    fields = ("quote_translation",)


@register([Statement, Statement.history.model])
class StatementTranslation(TranslationOptions):
    fields = ("title", "summary", "demands", "outcome_description", "quote_translation")
    required_languages = ("en",)
