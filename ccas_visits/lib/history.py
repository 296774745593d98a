"""A record's audit trail (django-simple-history): what coordinators see of it, and how a
bulk import writes it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, models
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ccas_visits.lib.phones import PhoneNumberField, display_phone

CHANGES_SHOWN = 20
# The query parameter of the page of older changes; pages past this one are empty, and the
# cap keeps the database's OFFSET within its integer range whatever the address says.
PAGE_PARAM = "modifications"
LAST_PAGE = 10_000
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}


def bulk_create_with_history(
    objs: list, model: type[models.Model], *, default_user, default_change_reason: str, batch_size: int
) -> list:
    """Insert `objs`, then their creation rows in the history, copied by the database from
    the rows just written (INSERT … SELECT): the rows django-simple-history's own
    `bulk_create_with_history` writes, without a second Python object per row (a first
    import of 10,000 seniors spends half its time there otherwise)."""
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    history = model.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(f.column) for f in history._meta.concrete_fields if f.attname not in HISTORY_FIELDS
    )
    pk = quote(model._meta.pk.column)
    moment = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = getattr(default_user, "pk", None)
    ids = [obj.pk for obj in created]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - names from the models
                f"({columns}, history_date, history_type, history_user_id, history_change_reason) "
                f"SELECT {columns}, %s, '+', %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(chunk))})",
                [moment, user_id, default_change_reason, *chunk],
            )
    return created


def shown(value: object, field: models.Field, related: dict | None = None) -> str:
    """A stored value as a coordinator reads it (choice labels, French dates, names not ids)."""
    if field.is_relation and related is not None and value is not None:
        value = related.get(value, value)
    elif field.choices:
        value = dict(field.flatchoices).get(value, value)
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, PhoneNumberField):
        return display_phone(value)
    return str(value)


@dataclass
class History:
    """One page of a record's changes, newest first, and the number of the page of older
    changes (None on the last page)."""

    entries: list[dict]
    older_page: int | None


def requested_page(request: HttpRequest) -> int:
    """The page of changes asked for in the address; anything unreadable is the first."""
    value = request.GET.get(PAGE_PARAM, "")
    return min(int(value), LAST_PAGE) if value.isdigit() and int(value) > 0 else 1


def recent_changes(record: models.Model, page: int = 1, limit: int = CHANGES_SHOWN) -> History:
    """The record's saves, `limit` a page, newest first: who, when, and each field's old → new value.

    One query for the history (with its users), plus one per kind of related record named in
    the changes shown (a pair, a neighbourhood...), whatever the length of the history."""
    start = (page - 1) * limit
    history = record.history.select_related("history_user").order_by("-history_id")
    rows = list(history[start : start + limit + 1])
    has_older = len(rows) > limit
    model = type(record)
    entries = []
    wanted: dict[models.Field, set] = defaultdict(set)
    # Each row paired with the one before it; the oldest row has none. A record created in
    # bulk (an import, the demo data) may have no history row at all.
    for current, previous in zip(rows, [*rows[1:], None][: len(rows)], strict=True):
        if previous is None and has_older:
            break  # the oldest row fetched only serves as the "before" of the next one
        changes = []
        for change in current.diff_against(previous).changes if previous is not None else []:
            field = model._meta.get_field(change.field)
            changes.append((field, change.old, change.new))
            if field.is_relation:
                wanted[field].update(v for v in (change.old, change.new) if v is not None)
        if previous is not None and not changes:
            continue  # a save that changed nothing shown here
        entries.append(
            {
                "at": current.history_date,
                "by": current.history_user,
                "reason": current.history_change_reason,
                "created": previous is None,
                "changes": changes,
            }
        )
    related = {field: for_labels(field.related_model).in_bulk(ids) for field, ids in wanted.items()}
    for entry in entries:
        entry["changes"] = [
            {
                "field": capfirst(field.verbose_name),
                "old": shown(old, field, related.get(field)),
                "new": shown(new, field, related.get(field)),
            }
            for field, old, new in entry["changes"]
        ]
    return History(entries, page + 1 if has_older else None)


def for_labels(model):
    """The records a change names, with what their labels read (a pair's label is its members')."""
    records = model._default_manager.all()
    return records.with_members() if hasattr(records, "with_members") else records
