"""Phone numbers, through Google's libphonenumber metadata (the `phonenumbers` package).

Stored in E.164 ("+33612345678"), whatever way it was typed: "06 12 34 56 78",
"06.12.34.56.78", "+33 (0)6 12 34 56 78", "0033 6…", or the number Excel makes of
"+33612345678" (33612345678). Shown in the French national form ("06 12 34 56 78"), a
foreign number in its international form, through `display_phone` (the `phone` template
filter); `tel:` links use `dial_phone`.

A stored value that is not a valid number (typed before numbers were checked, and kept as
typed so that nothing is lost) is shown as it is, flagged by `is_checked_phone`."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.db import models

REGION = "FR"


def parse_phone(text: object) -> phonenumbers.PhoneNumber | None:
    """The valid number `text` writes, read as French unless it starts with + or 00; else None."""
    raw = " ".join(str(text or "").split())
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(text: object) -> str:
    """E.164 for a valid number; anything else comes back as typed (spaces collapsed), for
    the validator to refuse or, in old data, to be kept."""
    number = parse_phone(text)
    if number is None:
        return " ".join(str(text or "").split())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_checked_phone(value: str) -> bool:
    """True for a stored number in E.164 that is valid; False for one kept as typed."""
    return value.startswith("+") and parse_phone(value) is not None


def display_phone(value: object) -> str:
    """'+33612345678' -> '06 12 34 56 78'; '+442079460958' -> '+44 20 7946 0958'; else as stored."""
    number = parse_phone(value)
    if number is None:
        return str(value or "")
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def dial_phone(value: object) -> str:
    """What a tel: link dials: E.164, or the digits of a number kept as typed."""
    number = parse_phone(value)
    if number is None:
        return "".join(c for c in str(value or "") if c.isdigit() or c == "+")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneFormField(forms.CharField):
    """Shows the stored E.164 number in the French form when a form is opened again."""

    def prepare_value(self, value):
        return display_phone(value) if value else value


class PhoneNumberField(models.CharField):
    """A CharField whose cleaning stores E.164 (forms and imports clean through it)."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_phone(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})


def phones_to_e164(model, fields: tuple[str, ...], batch_size: int = 500) -> None:
    """For a data migration: every valid number of `fields` rewritten in E.164. A value that
    is not a valid number is kept as typed (never erased), to be checked by a coordinator:
    pages show it as it is, with a "to check" mark."""
    changed = []
    for record in model.objects.only("pk", *fields).iterator():
        values = {name: getattr(record, name) for name in fields}
        wanted = {name: normalise_phone(value) if value else value for name, value in values.items()}
        if wanted != values:
            for name, value in wanted.items():
                setattr(record, name, value)
            changed.append(record)
    model.objects.bulk_update(changed, fields, batch_size=batch_size)
