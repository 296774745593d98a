"""Validators for the people we record: every French name, any usual phone format."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.phones import e164_phone

# Letters of any alphabet (accents included), separated by spaces, hyphens,
# apostrophes (straight or typographic) or a dot after an initial:
# "N'Diaye", "Lefèvre-Dupré", "de La Tour", "J.-P.".
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '’.\-]{1,2}[^\W\d_]+)*\.?$")


def validate_person_name(value: str) -> None:
    if not NAME_RE.match(value.strip()):
        raise ValidationError(
            _("Enter a name made of letters, spaces, hyphens or apostrophes."),
            code="invalid_name",
        )


def validate_phone(value: str) -> None:
    """A number libphonenumber knows as valid, French unless written with + or 00."""
    if value and e164_phone(value) is None:
        raise ValidationError(_("Enter a phone number such as 06 12 34 56 78."), code="invalid_phone")
