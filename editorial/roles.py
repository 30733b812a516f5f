"""
The roles, as Django groups: Editor, Reviewer, Administrator.

- Editor: creates and edits records and their parts, submits them for
  review; cannot publish, unpublish, revert or delete records.
- Reviewer: what an editor may, plus publish, unpublish, return to draft
  and revert from history.
- Administrator: every permission, including user accounts.

A data migration creates the groups; ``sync_roles`` also runs after every
migrate so that permissions of models added later join their roles.
"""

from django.contrib.auth.management import create_permissions

from .models import editorial_models, part_models

EDITOR, REVIEWER, ADMINISTRATOR = "Editor", "Reviewer", "Administrator"


def _codenames(models, actions):
    return [
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in models
        for action in actions
    ]


def role_permissions():
    """Return {group name: [(app_label, codename)]} for Editor and Reviewer."""
    # Records that go through review, and the parts edited inside them,
    # found by their base classes (editorial/models.py).
    records, parts = editorial_models(), part_models()
    editor = (
        _codenames(records, ["view", "add", "change"])
        + _codenames(parts, ["view", "add", "change", "delete"])
        + [("editorial", "view_reviewaction")]
        # Readers' reports: read, triaged and answered with a correction.
        + [("editorial", "view_report"), ("editorial", "change_report")]
    )
    # The guidance on writing letters to prisoners of a country
    # (people.LetterGuidance): editors write drafts, reviewers publish; the
    # admin keeps published guidance read-only to those who cannot.
    editor += [
        ("people", f"{action}_letterguidance") for action in ("view", "add", "change")
    ]
    reviewer = editor + _codenames(records, ["publish"])
    reviewer += [("people", "publish_letterguidance")]
    return {EDITOR: editor, REVIEWER: reviewer}


def sync_roles(apps, verbosity=0):
    """Create the groups and give them their permissions. Idempotent."""
    for app_config in apps.get_app_configs():
        # Migration states hold app stubs without models_module, which
        # create_permissions needs set to do its work.
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.filter(
                content_type__app_label=app, codename=codename
            ).first()
            for app, codename in wanted
        ]
        missing = [c for c, p in zip(wanted, permissions, strict=True) if p is None]
        if missing:
            raise LookupError(f"Permissions missing for role {name}: {missing}")
        group.permissions.set(permissions)
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())
