"""Importing seniors from a register, a partner's list or a birthday list.

Two steps share one function: `plan_seniors` reads the file, matches every row with the
files we already hold (one query) and says what it would do; `import_seniors` plans again
and, when no row is refused, writes it all in one transaction with bulk queries.

A senior is matched on the register's own identifier when the file has one, otherwise on
name and date of birth compared without accents or case. An import never enrols anyone:
a partner's or birthday list makes "identified" files with no pair; a register import
writes the register entry (with an objection or a leaving date when the file has them), and
the people it adds are "on the register, not yet approached", outside the programme's
pipeline until a coordinator records the approach. A neighbourhood we do not hold yet is
listed by the preview and created with the import (volunteers.neighbourhoods)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ccas_visits.lib.db import fold
from ccas_visits.lib.history import bulk_create_with_history
from ccas_visits.lib.import_parsing import parse_file
from ccas_visits.lib.import_reports import Action, ImportReport, RowReport
from ccas_visits.lib.spreadsheet_reading import is_empty
from seniors.ages import age_on
from seniors.models import Partner, RegisterEntry, Senior
from seniors.resources import SeniorResource
from volunteers.neighbourhoods import ImportNeighbourhoods

IMPORT_SOURCES = (Senior.Source.REGISTER, Senior.Source.PARTNER, Senior.Source.BIRTHDAY)
SENIOR_FIELDS = ("last_name", "first_name", "birth_date", "sex", "address", "postal_code", "city", "phone")
ENTRY_FIELDS = ("register_id", "registered_on", "basis", "objected_on", "left_on")
ENTRY_DATES = ("objected_on", "left_on")
BATCH_SIZE = 500
POSTAL_CODE_RE = re.compile(r"^\d{5}$")


@dataclass
class SeniorPlan:
    report: ImportReport
    new_seniors: list[Senior] = field(default_factory=list)
    changed_seniors: dict[int, Senior] = field(default_factory=dict)
    new_entries: list[RegisterEntry] = field(default_factory=list)
    changed_entries: dict[int, RegisterEntry] = field(default_factory=dict)
    senior_fields: set[str] = field(default_factory=set)
    entry_fields: set[str] = field(default_factory=set)
    header_of: dict[str, str] = field(default_factory=dict)  # field -> the file's own header
    today: datetime.date = field(default_factory=timezone.localdate)
    neighbourhoods: ImportNeighbourhoods | None = None


def plan_seniors(
    data: bytes,
    *,
    file_name: str,
    source: str,
    partner: Partner | None = None,
    neighbourhood_choices: dict[str, str] | None = None,
) -> SeniorPlan:
    """What importing `data` would do, row by row; raises TableError for an unreadable file.

    `neighbourhood_choices`: the names the preview listed as new, the only ones confirming may
    create, each with what the coordinator chose (volunteers.neighbourhoods)."""
    synonyms = dict(SeniorResource.SYNONYMS)
    if source != Senior.Source.REGISTER:
        for name in SeniorResource.REGISTER_ONLY:
            synonyms.pop(name)
    parsed = parse_file(
        data,
        file_name=file_name,
        resource=SeniorResource(),
        synonyms=synonyms,
        required=SeniorResource.REQUIRED,
        model_fields=SENIOR_FIELDS,
    )
    plan = SeniorPlan(
        report=parsed.report,
        header_of=parsed.header_of,
        neighbourhoods=ImportNeighbourhoods.load(neighbourhood_choices),
    )
    for row, values in parsed.rows:
        _check_row(row, values, parsed.header_of, plan.today)
    plan.report.rows = [row for row, _values in parsed.rows]
    _match_and_plan(plan, parsed.rows, source=source, partner=partner)
    plan.neighbourhoods.report_on(plan.report)
    return plan


def _check_row(row: RowReport, values: dict, header_of: dict, today: datetime.date) -> None:
    """What a senior's row needs beyond each field's own validation."""
    register_id = values.get("register_id", "")
    if len(register_id) > RegisterEntry._meta.get_field("register_id").max_length:
        row.refuse(
            header_of["register_id"], register_id, _("A register identifier has at most 50 characters.")
        )
    postal_code = values.get("postal_code")
    if postal_code and not POSTAL_CODE_RE.match(postal_code):
        row.refuse(header_of["postal_code"], postal_code, _("A postal code has 5 digits."))
    registered_on = values.get("registered_on")
    for name in ENTRY_DATES:
        day = values.get(name)
        if day and (day > today or (registered_on and day < registered_on)):
            row.refuse(
                header_of[name],
                f"{day:%d/%m/%Y}",
                _("This date must be between the registration and today."),
            )
    birth_date = values.get("birth_date")
    if birth_date:
        row.label += f" ({birth_date:%d/%m/%Y})"
        if birth_date > today or age_on(birth_date, today) > 120:
            row.refuse(
                header_of["birth_date"], f"{birth_date:%d/%m/%Y}", _("The date of birth is not plausible.")
            )


def _existing(parsed: list[tuple]) -> tuple[dict, dict]:
    """The files the rows may match, in one query."""
    register_ids = {values.get("register_id") for _row, values in parsed} - {None, ""}
    birth_dates = {values.get("birth_date") for _row, values in parsed} - {None}
    seniors = (
        Senior.objects.filter(anonymised_at__isnull=True)
        .filter(Q(birth_date__in=birth_dates) | Q(register_entry__register_id__in=register_ids))
        .select_related("register_entry", "neighbourhood")
    )
    by_register: dict[str, Senior] = {}
    by_identity: dict[tuple, list[Senior]] = defaultdict(list)
    for senior in seniors:
        entry = getattr(senior, "register_entry", None)
        if entry is not None and entry.register_id:
            by_register[entry.register_id] = senior
        by_identity[(fold(senior.last_name), fold(senior.first_name), senior.birth_date)].append(senior)
    return by_register, by_identity


def _match_and_plan(plan: SeniorPlan, parsed: list[tuple], *, source: str, partner: Partner | None) -> None:
    by_register, by_identity = _existing(parsed)
    seen_keys: dict[tuple, int] = {}
    seen_ids: dict[str, int] = {}
    identity_columns = ", ".join(plan.header_of[name] for name in ("last_name", "first_name", "birth_date"))
    for row, values in parsed:
        if row.action == Action.REFUSED:
            continue
        key = (fold(values["last_name"]), fold(values["first_name"]), values["birth_date"])
        register_id = values.get("register_id", "")
        if key in seen_keys or (register_id and register_id in seen_ids):
            first = seen_keys.get(key) or seen_ids.get(register_id)
            row.refuse(
                identity_columns,
                row.label,
                _("This person is already on row %(row)s of the file.") % {"row": first},
            )
            continue
        seen_keys[key] = row.number
        if register_id:
            seen_ids[register_id] = row.number
        senior = _match(row, identity_columns, key, register_id, by_register, by_identity)
        if row.action == Action.REFUSED:
            continue
        name = values.get("neighbourhood", "")
        neighbourhood = plan.neighbourhoods.find(row, plan.header_of["neighbourhood"], name) if name else None
        if row.action == Action.REFUSED:
            continue
        if senior is None:
            senior = _new_senior(plan, row, values, neighbourhood, source=source, partner=partner)
        else:
            _update_senior(plan, row, senior, values, neighbourhood)
        if source == Senior.Source.REGISTER and row.action != Action.REFUSED:
            _plan_register_entry(plan, row, senior, values)


def _match(
    row: RowReport, columns: str, key: tuple, register_id: str, by_register: dict, by_identity: dict
) -> Senior | None:
    same_person = by_identity.get(key, [])
    senior = by_register.get(register_id) if register_id else None
    if senior is not None:
        if same_person and senior not in same_person:
            row.refuse(
                columns,
                register_id,
                _(
                    "The register identifier %(id)s belongs to %(other)s, "
                    "but another file exists for this person."
                )
                % {"id": register_id, "other": senior},
            )
        return senior
    if len(same_person) > 1:
        row.refuse(
            columns, row.label, _("Several files match this name and date of birth: merge them first.")
        )
        return None
    return same_person[0] if same_person else None


def _new_senior(
    plan: SeniorPlan, row: RowReport, values: dict, neighbourhood, *, source: str, partner: Partner | None
) -> Senior:
    today = plan.today
    # Someone found on the register is not approached yet: no file in the pipeline.
    on_register_only = source == Senior.Source.REGISTER
    senior = Senior(
        **{name: values[name] for name in SENIOR_FIELDS if name in values},
        neighbourhood=neighbourhood,
        source=source,
        source_partner=partner if source == Senior.Source.PARTNER else None,
        identified_on=None if on_register_only else today,
        status=Senior.Status.REGISTER_ONLY if on_register_only else Senior.Status.IDENTIFIED,
        status_changed_on=today,
    )
    row.action = Action.CREATE
    plan.new_seniors.append(senior)
    return senior


def _update_senior(plan: SeniorPlan, row: RowReport, senior: Senior, values: dict, neighbourhood) -> None:
    """Only cells with something in them change the file: an empty cell never erases.

    Names written differently but equal once folded ("LEFEVRE") keep the file's spelling."""
    row.action = Action.UNCHANGED
    for name in SENIOR_FIELDS:
        value = values.get(name)
        if is_empty(value) or (name == "sex" and value == Senior.Sex.UNSPECIFIED):
            continue
        if name in ("last_name", "first_name") and fold(value) == fold(getattr(senior, name)):
            continue
        if getattr(senior, name) != value:
            setattr(senior, name, value)
            plan.senior_fields.add(name)
            row.changes.append(plan.header_of[name])
    if neighbourhood is not None and senior.neighbourhood_id != neighbourhood.pk:
        senior.neighbourhood = neighbourhood
        plan.senior_fields.add("neighbourhood")
        row.changes.append(plan.header_of["neighbourhood"])
    if row.changes:
        row.action = Action.UPDATE
        plan.changed_seniors[senior.pk] = senior


def _plan_register_entry(plan: SeniorPlan, row: RowReport, senior: Senior, values: dict) -> None:
    entry = getattr(senior, "register_entry", None) if senior.pk else None
    basis = values.get("basis") or ""
    if entry is None:
        if not basis:
            if age_on(senior.birth_date, plan.today) < 65:
                row.refuse(
                    plan.header_of.get("basis", str(SeniorResource().fields["basis"].column_name)),
                    "",
                    _("Under 65: say on what basis the person is on the register (column “Motif”)."),
                )
                return
            basis = RegisterEntry.Basis.AGE_65
        plan.new_entries.append(
            RegisterEntry(
                senior=senior,
                register_id=values.get("register_id", ""),
                basis=basis,
                requested_by=RegisterEntry.RequestedBy.SELF,
                registered_on=values.get("registered_on") or plan.today,
                objected_on=values.get("objected_on"),
                left_on=values.get("left_on"),
            )
        )
        if senior.pk:
            row.action = Action.UPDATE
            row.changes.append(_("Entered on the register"))
        return
    wanted = {
        "register_id": values.get("register_id", ""),
        "registered_on": values.get("registered_on"),
        "basis": basis,
        "objected_on": values.get("objected_on"),
        "left_on": values.get("left_on"),
    }
    changed = [name for name, value in wanted.items() if value and getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, wanted[name])
        row.changes.append(plan.header_of[name])
    if changed:
        plan.entry_fields.update(changed)
        plan.changed_entries[entry.pk] = entry
        row.action = Action.UPDATE


def import_seniors(
    data: bytes,
    *,
    file_name: str,
    source: str,
    partner: Partner | None = None,
    user=None,
    dry_run: bool = False,
    neighbourhood_choices: dict[str, str] | None = None,
) -> ImportReport:
    """Plan the import and, unless a row is refused or it is a dry run, write it all.

    Planning runs inside the transaction so that what is written is what was checked."""
    with transaction.atomic():
        plan = plan_seniors(
            data,
            file_name=file_name,
            source=source,
            partner=partner,
            neighbourhood_choices=neighbourhood_choices,
        )
        if not dry_run and not plan.report.has_refusals:
            _write(plan, user=user)
            plan.report.written = True
    return plan.report


def _write(plan: SeniorPlan, *, user) -> None:
    """Bulk writes with their history rows: a handful of queries for 10,000 rows."""
    reason = _("Import of %(file)s") % {"file": plan.report.file_name}
    history = {"default_user": user, "default_change_reason": reason[:100], "batch_size": BATCH_SIZE}
    plan.neighbourhoods.create()
    if plan.new_seniors:
        bulk_create_with_history(plan.new_seniors, Senior, **history)
    if plan.changed_seniors:
        now = timezone.now()
        for senior in plan.changed_seniors.values():
            senior.updated_at = now  # bulk_update skips auto_now
        fields = sorted(plan.senior_fields | {"updated_at"})
        bulk_update_with_history(list(plan.changed_seniors.values()), Senior, fields=fields, **history)
    if plan.new_entries:
        # Each entry takes its senior's id, set just above, from the related object.
        bulk_create_with_history(plan.new_entries, RegisterEntry, **history)
    if plan.changed_entries:
        bulk_update_with_history(
            list(plan.changed_entries.values()), RegisterEntry, fields=sorted(plan.entry_fields), **history
        )
