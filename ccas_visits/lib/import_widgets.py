"""Cell widgets: django-import-export's widgets, taught how French offices write things
(a postal code or a phone number that lost its leading zero, dates in every French form)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from openpyxl.utils.datetime import from_excel

from ccas_visits.lib.phones import normalise_phone
from ccas_visits.lib.spreadsheet_reading import cell_text, fold_header, is_empty


class TextWidget(widgets.CharWidget):
    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        return cell_text(value)


class PostalCodeWidget(TextWidget):
    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        text = cell_text(value)
        # A number cell lost the leading zero of "02100".
        return text.zfill(5) if isinstance(value, int | float) and text.isdigit() else text


class PhoneWidget(TextWidget):
    """Any usual French writing, in E.164; a number cell that lost the leading zero of
    "06…" (612345678) or the "+" of "+33…" (33612345678) is read as the number it was."""

    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        return normalise_phone(cell_text(value))


class FrenchDateWidget(widgets.DateWidget):
    """31/01/1942, 31-01-1942, 31.01.1942, 1942-01-31, 31/01/42, or an Excel date cell."""

    FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%d-%m-%y")

    def __init__(self) -> None:
        super().__init__(format=None)
        self.formats = self.FORMATS

    def clean(self, value: object, row: dict | None = None, **kwargs) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and 1 <= value < 100000:
            return from_excel(value).date()  # a date cell saved without its date format
        text = cell_text(value).split(" ")[0] if not is_empty(value) else ""
        if not text:
            return None
        for pattern in self.formats:
            try:
                parsed = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
            if pattern.endswith("%y") and parsed > timezone.localdate():  # rare: two-digit years only
                parsed = parsed.replace(year=parsed.year - 100)  # 31/01/42 is 1942 for a birth date
            return parsed
        raise ValueError(_("Date not understood: write it as 31/01/1942."))


class ChoiceWidget(widgets.Widget):
    """A French word for a choice: {'femme': 'F', 'mme': 'F', ...} matched folded."""

    def __init__(self, words: dict[str, str], *, hint: str, default: str = "") -> None:
        super().__init__()
        self.words = {fold_header(word): value for word, value in words.items()}
        self.hint = hint
        self.default = default

    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        if is_empty(value):
            return self.default
        folded = fold_header(value)
        if folded in self.words:
            return self.words[folded]
        raise ValueError(self.hint)
