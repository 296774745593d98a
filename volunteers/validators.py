"""Validators for the people we record: every French name, any usual phone format."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters of any alphabet (accents included), separated by spaces, hyphens,
# apostrophes (straight or typographic) or a dot after an initial:
# "N'Diaye", "Lefèvre-Dupré", "de La Tour", "J.-P.".
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '’.\-]{1,2}[^\W\d_]+)*\.?$")
PHONE_DIGITS_RE = re.compile(r"^\+?[0-9]{6,15}$")


def validate_person_name(value: str) -> None:
    if not NAME_RE.match(value.strip()):
        raise ValidationError(
            _("Enter a name made of letters, spaces, hyphens or apostrophes."),
            code="invalid_name",
        )


def normalise_phone(value: str) -> str:
    """'06 12 34 56 78', '06.12.34.56.78', '+33 6 12 34 56 78' -> '0612345678'."""
    digits = re.sub(r"[\s.\-/()]", "", value or "")
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("+33"):
        digits = "0" + digits[3:]
    return digits


def validate_phone(value: str) -> None:
    if value and not PHONE_DIGITS_RE.match(normalise_phone(value)):
        raise ValidationError(_("Enter a phone number such as 06 12 34 56 78."), code="invalid_phone")
