"""
The review workflow: submit for review, publish, return to draft. Each is a
keyword-only function, one transaction, checked on the server: the admin's
actions and review page call these, and so do tests.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import PublicationState, ReviewAction, publish_permission

logger = logging.getLogger("casetracker.security")

State = PublicationState


def _perm(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def can_publish(user, model):
    return user.has_perm(publish_permission(model))


REFUSALS = {
    "submit": lambda: _("You may not submit this record for review."),
    "publish": lambda: _("You may not publish this record."),
    "return": lambda: _("You may not return this record to draft."),
}


def _refuse(by, obj, action):
    logger.warning(
        "Refused %s of %s %s to user %r", action, obj._meta.label, obj.pk, by
    )
    raise PermissionDenied(REFUSALS[action]())


def _locked(obj):
    """Return a fresh copy of ``obj``, locked for this transaction."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def record_review_action(obj, *, by, action, comment=""):
    ReviewAction.objects.create(
        target=obj, object_repr=str(obj)[:255], action=action, comment=comment, by=by
    )


def _save(obj, *, by, reason):
    obj.updated_by = by
    obj._change_reason = reason
    obj.save()


def publication_submit(*, obj, by):
    """Send a draft to the reviewers. Editors and reviewers may."""
    if not by.has_perm(_perm(type(obj), "change")):
        _refuse(by, obj, "submit")
    with transaction.atomic():
        obj = _locked(obj)
        if obj.publication_state != State.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for review."))
        obj.publication_state = State.IN_REVIEW
        _save(obj, by=by, reason="submitted for review")
        record_review_action(obj, by=by, action=ReviewAction.Action.SUBMITTED)
    return obj


def publication_publish(*, obj, by):
    """Publish a record. Reviewers only; refused while rules are unmet."""
    if not can_publish(by, type(obj)):
        _refuse(by, obj, "publish")
    with transaction.atomic():
        obj = _locked(obj)
        if obj.publication_state == State.PUBLISHED:
            raise ValidationError(_("This record is already published."))
        problems = obj.publication_problems()
        if problems:
            raise ValidationError(problems)
        obj.publication_state = State.PUBLISHED
        _save(obj, by=by, reason="published")
        record_review_action(obj, by=by, action=ReviewAction.Action.PUBLISHED)
    return obj


def publication_return(*, obj, by, comment, together=False):
    """
    Return a record in review, or unpublish a published one, to draft with
    a comment for its editors. Reviewers only. Unpublishing a record that
    others depend on (``public_dependents()``: an event whose only source it
    is, a case whose person it is) is refused, naming them, unless
    ``together``: then they are taken down with it, in the same transaction
    and with the same comment.
    """
    if not can_publish(by, type(obj)):
        _refuse(by, obj, "return")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what needs to change: the comment is required."))
    with transaction.atomic():
        obj = _locked(obj)
        if obj.publication_state == State.DRAFT:
            raise ValidationError(_("This record is already a draft."))
        if obj.publication_state == State.PUBLISHED:
            dependents = obj.public_dependents()
            if dependents and not together:
                raise ValidationError(dependents_refusal(obj, dependents))
            for record, _why in dependents:
                if not can_publish(by, type(record)):
                    _refuse(by, record, "return")
                if record.publication_state == State.PUBLISHED:
                    _take_down(record, by=by, comment=comment)
        action = (
            ReviewAction.Action.UNPUBLISHED
            if obj.publication_state == State.PUBLISHED
            else ReviewAction.Action.RETURNED
        )
        obj.publication_state = State.DRAFT
        _save(obj, by=by, reason=f"returned to draft: {comment}"[:100])
        record_review_action(obj, by=by, action=action, comment=comment)
    return obj


def _take_down(record, *, by, comment):
    record = _locked(record)
    record.publication_state = State.DRAFT
    _save(record, by=by, reason=f"taken down with another: {comment}"[:100])
    record_review_action(
        record, by=by, action=ReviewAction.Action.UNPUBLISHED, comment=comment
    )


def dependents_refusal(obj, dependents):
    """The message refusing to unpublish ``obj`` alone."""
    named = "; ".join(f"{record} ({why})" for record, why in dependents[:10])
    more = len(dependents) - 10
    if more > 0:
        named += " " + _("and %(count)s more") % {"count": more}
    return _(
        "Unpublishing %(record)s alone would leave the public record incomplete: "
        "%(dependents)s. Take them down with it (on its review page), or first "
        "give them what they need."
    ) % {"record": obj, "dependents": named}
