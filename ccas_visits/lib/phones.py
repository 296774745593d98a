"""Phone numbers, through Google's libphonenumber metadata (the `phonenumbers` package).

Stored in E.164 ("+33612345678"), whatever way it was typed: "06 12 34 56 78",
"06.12.34.56.78", "+33 (0)6 12 34 56 78", "0033 6…", or the number Excel makes of
"+33612345678" (33612345678). Shown in the French national form ("06 12 34 56 78"), a
foreign number in its international form, through `display_phone` (the `phone` template
filter); `tel:` links use `dial_phone`.

A stored value that is not a valid number (typed before numbers were checked, and kept as
typed so that nothing is lost) is shown as it is, flagged by `is_checked_phone`."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from django import forms
from django.db import models

REGION = "FR"
# Parsing a number takes a few hundred microseconds: an import of 10,000 rows reads each
# number once (the cleaned E.164 form is known valid), and pages format each number once.
_E164: dict[str, str | None] = {}
CACHE_SIZE = 100_000
CACHED_LENGTH = 40  # what is longer is no phone number, and not kept


def _collapsed(text: object) -> str:
    return " ".join(str(text or "").split())


def parse_phone(text: object) -> phonenumbers.PhoneNumber | None:
    """The valid number `text` writes, read as French unless it starts with + or 00; else None."""
    e164 = e164_phone(text)
    return phonenumbers.parse(e164) if e164 else None


def e164_phone(text: object) -> str | None:
    """'06 12 34 56 78' -> '+33612345678'; None if `text` is not a valid number."""
    raw = _collapsed(text)
    if raw in _E164:
        return _E164[raw]
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and not phonenumbers.is_valid_number(number):
        number = None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None
    if len(_E164) > CACHE_SIZE:
        _E164.clear()
    if len(raw) <= CACHED_LENGTH:
        _E164[raw] = e164
    if e164:
        _E164[e164] = e164
    return e164


def normalise_phone(text: object) -> str:
    """E.164 for a valid number; anything else comes back as typed (spaces collapsed), for
    the validator to refuse or, in old data, to be kept."""
    return e164_phone(text) or _collapsed(text)


def is_checked_phone(value: str) -> bool:
    """True for a stored number in E.164 that is valid; False for one kept as typed."""
    return value.startswith("+") and e164_phone(value) == value


@lru_cache(maxsize=10_000)
def _displayed(value: str) -> str:
    number = parse_phone(value)
    if number is None:
        return value
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def display_phone(value: object) -> str:
    """'+33612345678' -> '06 12 34 56 78'; '+442079460958' -> '+44 20 7946 0958'; else as stored."""
    return _displayed(str(value or ""))


def dial_phone(value: object) -> str:
    """What a tel: link dials: E.164, or the digits of a number kept as typed."""
    return e164_phone(value) or "".join(c for c in str(value or "") if c.isdigit() or c == "+")


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
