"""Reading what a tablet sends to the sync endpoint, before any form sees it: the envelope
(kind, identifier, senior) and each answer's type and length. Anything else than what the
tablet's own script sends is refused with a French reason, and nothing is stored."""

from __future__ import annotations

import datetime
import json
import uuid as uuid_module
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from visits.forms.tablet import (
    NOTE_MAX_LENGTH,
    CallForm,
    CampaignCallForm,
    LonelinessForm,
    TabletRecordForm,
    VisitForm,
)

KINDS: dict[str, type[TabletRecordForm | LonelinessForm]] = {
    "call": CallForm,
    "visit": VisitForm,
    "measure": LonelinessForm,
    "campaign": CampaignCallForm,
}
# A record is a few hundred bytes; the longest answer allowed is a note of NOTE_MAX_LENGTH
# characters, up to six bytes each once written as JSON.
MAX_BODY_BYTES = 16 * 1024 + 6 * NOTE_MAX_LENGTH
MAX_CHOICES = 50
MAX_KEY = 2**63 - 1


class Unreadable(Exception):
    """The send cannot be read: `reason` for the volunteer, `errors` per answer."""

    def __init__(self, reason: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.errors = errors or {}


@dataclass(frozen=True)
class Envelope:
    kind: str
    form_class: type[TabletRecordForm | LonelinessForm]
    key: uuid_module.UUID
    senior_number: int
    fields: dict[str, str | list[str]]


def is_clean_text(value: str) -> bool:
    """No lone surrogate: it is not UTF-8 and the database cannot store it. (A NUL character is
    the forms' to refuse, in their own words.)"""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def as_text(value: object) -> object:
    """A whole number stands for its digits (a choice's key, a duration); nothing else does."""
    return str(value) if type(value) is int else value


def read_answer(field: forms.Field, value: object) -> str | list[str]:
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    value = [as_text(v) for v in value] if isinstance(value, list) else as_text(value)
    if multiple and isinstance(value, str):
        value = [value]
    if multiple and isinstance(value, list):
        if len(value) > MAX_CHOICES or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("the tablet sent something other than a list of choices."))
        if not all(is_clean_text(v) and len(v) <= 100 for v in value):
            raise ValidationError(_("the tablet sent a choice that cannot be read."))
        return value
    if not isinstance(value, str):
        raise ValidationError(_("the tablet sent something other than a text."))
    if not is_clean_text(value):
        raise ValidationError(_("the text holds characters that cannot be read: type it again."))
    if len(value) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("at most %(max)s characters (this one has %(n)s).") % {"max": NOTE_MAX_LENGTH, "n": len(value)}
        )
    return value


def read_fields(form_class: type[TabletRecordForm], sent: object) -> dict[str, str | list[str]]:
    if not isinstance(sent, dict):
        raise Unreadable(_("The tablet sent a record that cannot be read."))
    fields, errors = {}, {}
    for name, value in sent.items():
        field = form_class.base_fields.get(name)
        if field is None or value is None:
            continue  # an answer the form does not ask for is not kept
        try:
            fields[name] = read_answer(field, value)
        except ValidationError as error:
            errors[name] = [f"{field_label(field)} : {message}" for message in error.messages]
    if errors:
        raise Unreadable(_("Some answers could not be read: correct them and save again."), errors)
    return fields


def field_label(field: forms.Field) -> str:
    return str(field.label) if field.label else _("Answer")


def read_envelope(body: bytes) -> Envelope:
    """The record the tablet sent, its answers checked for type and length."""
    if len(body) > MAX_BODY_BYTES:
        raise Unreadable(
            _("This record is too long to be sent: a note holds at most %(max)s characters.")
            % {"max": NOTE_MAX_LENGTH}
        )
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise Unreadable(_("The tablet sent a record that cannot be read.")) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("kind"), str):
        raise Unreadable(_("The tablet sent a record that cannot be read."))
    form_class = KINDS.get(payload["kind"])
    if form_class is None:
        raise Unreadable(_("The tablet sent a record that cannot be read."))
    try:
        key = uuid_module.UUID(payload["uuid"]) if isinstance(payload.get("uuid"), str) else None
    except ValueError:
        key = None
    if key is None:
        raise Unreadable(_("The record's identifier cannot be read: discard it and log it again."))
    senior = payload.get("senior")
    if type(senior) is not int or not 0 < senior <= MAX_KEY:
        raise Unreadable(_("The senior of this record cannot be read: discard it and log it again."))
    return Envelope(payload["kind"], form_class, key, senior, read_fields(form_class, payload.get("fields")))


def record_day(envelope: Envelope) -> datetime.date:
    """The day the call or visit happened, or the questions were asked, as the tablet says
    (today if it does not say)."""
    today = timezone.localdate()
    try:
        if envelope.kind == "visit":
            day = forms.DateField(required=False).clean(envelope.fields.get("visited_on"))
        else:
            at = forms.DateTimeField(required=False).clean(envelope.fields.get("logged_at"))
            day = timezone.localtime(at).date() if at else None
    except ValidationError:
        day = None
    return min(day or today, today)
