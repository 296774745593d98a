"""Optimistic locking for records two coordinators may edit at once.

The edit form carries the id of the record's latest history row (django-simple-history
writes one per save) as its version. When the form comes back, the record's row is locked
(SELECT ... FOR UPDATE) and the version compared inside the same transaction as the write,
so two saves cannot both pass the check. A save that changed none of the form's fields
(a report marked as read, a rhythm changed elsewhere) is not a conflict."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccas_visits.lib.history import shown


class EditConflict(ValidationError):
    """Someone saved the record since the form was opened; `version` is the current one."""

    def __init__(self, messages: list[str], version: int) -> None:
        super().__init__(messages)
        self.version = version


def current_version(record: models.Model) -> int:
    latest = record.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def check_unchanged(record: models.Model, expected: int | None, fields: list[str]) -> None:
    """Lock the record's row and refuse the save when one of `fields` changed since `expected`.

    Call it inside the transaction that writes. `expected=None` (a form without the version,
    not one the application renders) skips the check."""
    model = type(record)
    current = model._default_manager.select_for_update().get(pk=record.pk)
    if expected is None:
        return
    version = current_version(current)
    if version == expected:
        return
    seen = current.history.filter(history_id=expected).first()
    changes = []
    for name in fields if seen is not None else []:
        field = model._meta.get_field(name)
        if field.many_to_many:  # not in the history rows
            continue
        if getattr(seen, field.attname) != getattr(current, field.attname):
            seen_value, now_value = (
                shown(getattr(seen, field.name), field),
                shown(getattr(current, field.name), field),
            )
            values = {"field": capfirst(field.verbose_name), "seen": seen_value, "now": now_value}
            changes.append(_("%(field)s: %(seen)s → %(now)s") % values)
    if seen is not None and not changes:
        return
    raise EditConflict(
        [
            _(
                "Someone else saved this record while you were editing it; nothing of yours was saved. "
                "Changed meanwhile (value when you opened the form → value now):"
            )
            if changes
            else _("This record was changed while you were editing it; nothing of yours was saved."),
            *changes,
            _("Your input is kept below: check it, then save again to replace the current values."),
        ],
        version,
    )


class VersionedForm(forms.ModelForm):
    """A model form carrying the record's version in a hidden field."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        error_messages={"invalid": gettext_lazy("This form is out of date: reload the page.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = current_version(self.instance)

    def refuse(self, conflict: EditConflict) -> None:
        """Show the conflict and carry the current version, so saving again is a deliberate choice."""
        self.add_error(None, conflict)
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(conflict.version)
