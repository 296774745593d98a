"""What the fuzz test needs to drive forms the way a browser would: the forms of a rendered
page (their target, method and fields with the values the page fills in), the hostile values
each kind of field gets, the submissions built from them, and a fingerprint of the database
to tell that a refused submission saved nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.db import connection
from django.urls import Resolver404, resolve

# A NUL and a lone surrogate (sent as the bytes a broken client would send).
BROKEN = "a\x00b\ud800c"
MEGABYTE = "x" * 1_000_000
HUGE_INT = "9" * 30
UNKNOWN_ID = "2147483647"
# Per kind of field, the values that broke (or could break) a form: sent to every field of the
# kind at once, the others keeping the page's values, so that each reaches the code behind it.
HOSTILE = {
    "date": ["9999-12-31", "0001-01-01"],
    "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"],
    "number": ["1e400", HUGE_INT],
    "select": [UNKNOWN_ID, "-1", HUGE_INT],  # and the admin's raw id fields
    "text": [BROKEN],
}
# Then every field of the form at once, with each of these.
EVERYWHERE = [BROKEN, ""]
TOTAL_FORMS = str(10**9)
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}
MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # name, kind, value

    @property
    def target(self) -> str:
        """The URL name the form submits to."""
        try:
            return resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            return ""

    def base(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, _kind, value in self.fields:
            data.setdefault(name, []).append(value)
        return data

    def submissions(self) -> list[dict[str, list[str]]]:
        """The form as the page fills it; each kind of field with its hostile values; every
        field empty, then with a NUL and a lone surrogate; two values where one is expected;
        a megabyte in a text field; and formsets claiming a billion forms."""
        base = self.base()
        names = [name for name in base if name not in SKIPPED_FIELDS and not name.endswith(MANAGEMENT)]
        kinds: dict[str, list[str]] = {}
        for name, kind, _value in self.fields:
            kind = kind if kind in HOSTILE else "text"
            if name in names and name not in kinds.get(kind, []):
                kinds.setdefault(kind, []).append(name)
        cases = [base]
        for kind, fields in kinds.items():
            cases += [{**base, **{name: [value] for name in fields}} for value in HOSTILE[kind]]
        cases += [{**base, **{name: [value] for name in names}} for value in EVERYWHERE]
        cases.append({**base, **{name: [*base[name], UNKNOWN_ID] for name in names}})
        if kinds.get("text") and self.method == "post":  # no server passes a 1 MB address on
            cases.append({**base, kinds["text"][0]: [MEGABYTE]})
        formsets = [name for name in base if name.endswith("-TOTAL_FORMS")]
        if formsets:
            cases.append({**base, **{name: [TOTAL_FORMS] for name in formsets}})
        distinct = []  # a form without fields (a button) is sent once
        for case in cases:
            if case not in distinct:
                distinct.append(case)
        return distinct

    def encode(self, data: dict[str, list[str]]) -> str:
        return urlencode(data, doseq=True, errors="surrogatepass")


class FormParser(HTMLParser):
    """The forms of a page with their fields, as a browser would submit them untouched."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, options, selected
        self.textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = attributes.get("action") or attributes.get("hx-post") or self.page
            method = "post" if "hx-post" in attributes else attributes.get("method", "get").lower()
            self.form = Form(self.page, urljoin(self.page, action), method)
            self.forms.append(self.form)
            return
        if self.form is None or "name" not in attributes or "disabled" in attributes:
            return
        name = attributes["name"]
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                if not any(existing == name for existing, _k, _v in self.form.fields):
                    self.form.fields.append((name, kind, ""))  # so the field is still fuzzed
                return
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if "vForeignKeyRawIdAdminField" in attributes.get("class", ""):
                kind = "select"  # an id typed in the admin
            self.form.fields.append((name, kind, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = (name, [], [])
            self.multiple = "multiple" in attributes
        elif tag == "option" and self.select is not None:
            self.select[1].append(attributes.get("value", ""))
            if "selected" in attributes:
                self.select[2].append(attributes.get("value", ""))
        elif tag == "textarea":
            self.textarea = [name]

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None and self.form is not None:
            name, options, selected = self.select
            chosen = selected or [next((value for value in options if value), "")]
            self.form.fields.extend((name, "select", value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form.fields.append((self.textarea[0], "textarea", "".join(self.textarea[1:])))
            self.textarea = None


def forms_of(page: str, html: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(html)
    return [form for form in parser.forms if form.target]


# What a refusal must not be: Django's English messages and error pages.
ENGLISH = re.compile(
    r"This field is required|Enter a valid|Select a valid choice|Ensure this value|"
    r"Null characters are not allowed|is not a valid|Please submit|Bad Request|Server Error|"
    r"Forbidden|Not Found|Please correct"
)
ERROR_MARKERS = ("is-invalid", "invalid-feedback", "alert-danger", "errorlist", "errornote")
# Written by reading, not by submitting: the sessions, the access log, the login attempts, and
# the second factor's throttling (a wrong code lengthens the wait before the next try).
UNTRACKED_TABLES = ("django_session", "seniors_accesslog", "axes_", "otp_totp_totpdevice", "otp_static_")


def rows_written() -> int:
    """Rows inserted, updated or deleted so far by the test's transaction (PostgreSQL's own
    per-transaction counters), outside the untracked tables: a refused submission adds none."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
            "WHERE NOT relname LIKE ANY(%s)",
            [[f"{prefix}%" for prefix in UNTRACKED_TABLES]],
        )
        return cursor.fetchone()[0]
