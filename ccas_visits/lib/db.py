"""Accent-insensitive matching, the same on PostgreSQL and on the SQLite demo database.

"lefevre" must find "Lefèvre": names are compared unaccented and lower-cased. PostgreSQL
provides UNACCENT through its extension (created by a migration); SQLite gets a Python
function of the same name when a connection opens."""

import re
import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, DateField, DateTimeField, Func, Q, QuerySet
from django.db.models.functions import Lower


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def fold(text: str) -> str:
    """The form names are compared in: no accents, lower case, single spaces."""
    return " ".join(strip_accents(text).lower().split())


class Unaccent(Func):
    function = "UNACCENT"
    output_field = CharField()


def folded(field: str) -> Func:
    return Lower(Unaccent(field))


def search(queryset: QuerySet, term: str, fields: list[str]) -> QuerySet:
    """Rows where every word of `term` is found, accent- and case-insensitively, in one of `fields`.
    A NUL character, which no stored text holds and PostgreSQL refuses in a query, separates words."""
    words = fold(term.replace("\x00", " ")).split()
    if not words:
        return queryset
    annotations = {f"_folded_{name.replace('__', '_')}": folded(name) for name in fields}
    queryset = queryset.annotate(**annotations)
    for word in words:
        condition = Q()
        for alias in annotations:
            condition |= Q(**{f"{alias}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


# French names sort without their particle: "de La Tour" under T, "d'Artois" under A; spaces,
# hyphens and apostrophes left inside a name do not count: "Le Gall" sorts as "legall".
PARTICLES = re.compile(r"^(?:de la |de l'|du |des |de |d')", re.IGNORECASE)
SEPARATORS = re.compile(r"[\s'.-]")


def sort_name(text: str) -> str:
    """The form a name sorts by, as French people expect: no particle, no accent, no case,
    no space or hyphen."""
    return SEPARATORS.sub("", PARTICLES.sub("", fold(text)))


class SortName(Func):
    """`sort_name` computed by the database, so that every list of people sorts the same way
    (on SQLite, the Python function of the same name)."""

    function = "CCAS_SORT_NAME"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        folded = "replace(lower(unaccent(%(expressions)s)), '’', '''')"
        without_particle = f"regexp_replace({folded}, '^(de la |de l''|du |des |de |d'')', '')"
        template = f"regexp_replace({without_particle}, '[[:space:]''.-]', '', 'g')"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def person_order(prefix: str = "") -> list:
    """The one order of every list of people: last name, then first name, by `sort_name`."""
    return [SortName(f"{prefix}last_name"), SortName(f"{prefix}first_name"), f"{prefix}pk"]


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, strip_accents, deterministic=True)
        connection.connection.create_function("CCAS_SORT_NAME", 1, sort_name, deterministic=True)


connection_created.connect(register_sqlite_unaccent)


class AddDays(Func):
    """A datetime plus a whole number of days taken from a column, on PostgreSQL and SQLite.

    Django's `F(...) * timedelta` is PostgreSQL-only; the demo runs on SQLite."""

    output_field = DateTimeField()
    arity = 2

    def _parts(self, compiler, connection) -> tuple[str, str, list]:
        moment, moment_params = compiler.compile(self.source_expressions[0])
        days, days_params = compiler.compile(self.source_expressions[1])
        return moment, days, [*moment_params, *days_params]

    def as_postgresql(self, compiler, connection, **extra_context):
        moment, days, params = self._parts(compiler, connection)
        return f"({moment} + ({days}) * INTERVAL '1 day')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        moment, days, params = self._parts(compiler, connection)
        return f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', {moment}, ({days}) || ' days')", params


class DatePlusDays(Func):
    """A date plus a whole number of days taken from a column, as a date, on PostgreSQL
    and SQLite (the due date of a contact: a local day plus the senior's rhythm)."""

    output_field = DateField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra_context):
        day, day_params = compiler.compile(self.source_expressions[0])
        days, days_params = compiler.compile(self.source_expressions[1])
        return f"(({day})::date + ({days})::integer)", [*day_params, *days_params]

    def as_sqlite(self, compiler, connection, **extra_context):
        day, day_params = compiler.compile(self.source_expressions[0])
        days, days_params = compiler.compile(self.source_expressions[1])
        return f"date({day}, ({days}) || ' days')", [*day_params, *days_params]
