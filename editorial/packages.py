"""
A case reviewed as one package: its person, the sources its events cite,
the case, its events and the statements about it (``review_package()``),
each pending item listed on the case's review page and published, returned
or submitted together, in one transaction.

Pending means in review, or published with a pending revision. Drafts are
listed too, since a draft source or person stops the rest from being
published; an editor submits them with the package, a reviewer's
"publish" leaves them drafts (publishing is of what was submitted).
"""

from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from . import revisions, services
from .models import PublicationState, Revision

State = PublicationState


@dataclass
class Item:
    record: object
    revision: Revision | None
    found: list | None = None  # problems within the package (package_trial)

    @property
    def kind(self):
        return self.record._meta.verbose_name

    @property
    def state(self):
        if self.revision is not None:
            return _("Published · pending revision")
        return self.record.get_publication_state_display()

    @property
    def is_draft(self):
        return self.revision is None and self.record.publication_state == State.DRAFT

    @property
    def review_url(self):
        meta = self.record._meta
        return reverse(
            "admin:editorial_review",
            args=[meta.app_label, meta.model_name, quote(self.record.pk)],
        )

    @property
    def problems(self):
        """What stops it from being published with its package (found by
        package_trial()), else on its own."""
        if self.found is not None:
            return self.found
        if self.revision is not None or self.record.is_published:
            return []
        return self.record.publication_problems()


def package_items(record):
    """The pending items of ``record``'s package, in publishing order; empty
    when its package is the record alone."""
    members = record.review_package()
    if len(members) <= 1:
        return []
    items = []
    for member in members:
        revision = revisions.revision_of(member)
        if revision is not None or not member.is_published:
            items.append(Item(member, revision))
    return items


def _named(item, problems):
    return [f"{item.kind} “{item.record}”: {problem}" for problem in problems]


def package_publish(*, record, request):
    """
    Publish every item of ``record``'s package in review and every pending
    revision, in order (the person before the case, sources before the
    events that cite them), in one transaction; drafts stay drafts. Return
    the problems that refused it, nothing being published; empty when done.
    Reviewers only.
    """
    problems = []
    with transaction.atomic():
        for item in package_items(record):
            if item.revision is not None:
                found = revisions.revision_publish(
                    revision=item.revision, request=request
                )
                problems += _named(item, found)
            elif item.record.publication_state == State.IN_REVIEW:
                try:
                    services.publication_publish(obj=item.record, by=request.user)
                except ValidationError as error:
                    problems += _named(item, error.messages)
        if problems:
            transaction.set_rollback(True)
    return problems


def package_return(*, record, by, comment):
    """Return every item of ``record``'s package in review to draft, and
    every pending revision to its editors, with ``comment``: one
    transaction. Reviewers only."""
    if not (comment or "").strip():
        raise ValidationError(_("Say what needs to change: the comment is required."))
    with transaction.atomic():
        for item in package_items(record):
            if item.revision is not None:
                revisions.revision_return(
                    revision=item.revision, by=by, comment=comment
                )
            elif item.record.publication_state == State.IN_REVIEW:
                services.publication_return(obj=item.record, by=by, comment=comment)


def package_submit(*, record, by):
    """Submit every draft of ``record``'s package for review; return how
    many. One transaction."""
    drafts = [item.record for item in package_items(record) if item.is_draft]
    with transaction.atomic():
        for draft in drafts:
            services.publication_submit(obj=draft, by=by)
    return len(drafts)


def publish_in_trial(items, request, *, until=None):
    """
    Publish ``items`` in order as publishing the package does, up to the
    item of record ``until`` (excluded), inside the caller's transaction,
    which the caller rolls back: no file is stored, nothing is logged.
    Set each item's ``found`` to what stops it once those before it are
    published. Drafts are left as they are.
    """
    for item in items:
        if until is not None and item.record == until:
            return
        if item.revision is not None:
            with transaction.atomic():
                item.found = revisions.apply_revision(item.revision, request)
                if item.found:
                    transaction.set_rollback(True)
        elif item.record.publication_state == State.IN_REVIEW:
            fresh = type(item.record)._default_manager.get(pk=item.record.pk)
            item.found = fresh.publication_problems()
            if not item.found:
                fresh.publication_state = State.PUBLISHED
                fresh.save()


def package_trial(items, request):
    """Find what would stop each item of a package from being published
    with it (``item.found``), publishing them all in a transaction rolled
    back: a case's person published first is no problem of the case."""
    with transaction.atomic():
        publish_in_trial(items, request)
        transaction.set_rollback(True)
    return items


def package_consequences(record, request):
    """(label, now, once published) of what the public sees derived from
    ``record`` before and after its whole package is published: applied in
    a transaction that is then rolled back."""
    before = [(str(k), str(v)) for k, v in record.public_consequences()]
    with transaction.atomic():
        publish_in_trial(package_items(record), request)
        fresh = type(record)._default_manager.get(pk=record.pk)
        after = {str(k): str(v) for k, v in fresh.public_consequences()}
        transaction.set_rollback(True)
    return [(label, value, after.get(label, "—")) for label, value in before]
