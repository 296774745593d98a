"""Importing the volunteers' list: the same two steps as seniors (plan, then write all).

A volunteer is matched on the e-mail address when the file gives one we know, otherwise on
the name, compared without accents or case. A neighbourhood we do not hold yet is listed by
the preview and created with the import (volunteers.neighbourhoods). A charter date becomes a signature of the
current charter version, when there is one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ccas_visits.lib.db import fold
from ccas_visits.lib.history import bulk_create_with_history
from ccas_visits.lib.import_parsing import parse_file
from ccas_visits.lib.import_reports import Action, ImportReport, RowReport
from ccas_visits.lib.spreadsheet_reading import is_empty
from volunteers.models import CharterSignature, CharterVersion, Neighbourhood, Volunteer
from volunteers.neighbourhoods import ImportNeighbourhoods
from volunteers.resources import VolunteerResource

VOLUNTEER_FIELDS = ("last_name", "first_name", "email", "phone", "kind", "joined_on")
BATCH_SIZE = 500
Link = Volunteer.neighbourhoods.through


@dataclass
class VolunteerPlan:
    report: ImportReport
    header_of: dict[str, str]
    new_volunteers: list[Volunteer] = field(default_factory=list)
    changed_volunteers: dict[int, Volunteer] = field(default_factory=dict)
    changed_fields: set[str] = field(default_factory=set)
    links: list[tuple[Volunteer, Neighbourhood]] = field(default_factory=list)
    signatures: list[tuple[Volunteer, object]] = field(default_factory=list)
    charter: CharterVersion | None = None
    neighbourhoods: ImportNeighbourhoods | None = None


def plan_volunteers(
    data: bytes, *, file_name: str, neighbourhood_choices: dict[str, str] | None = None
) -> VolunteerPlan:
    """What importing `data` would do; `neighbourhood_choices` as for seniors.imports.plan_seniors."""
    parsed = parse_file(
        data,
        file_name=file_name,
        resource=VolunteerResource(),
        synonyms=VolunteerResource.SYNONYMS,
        required=VolunteerResource.REQUIRED,
        model_fields=VOLUNTEER_FIELDS,
    )
    charter = CharterVersion.objects.filter(published_on__lte=timezone.localdate()).first()
    neighbourhoods = ImportNeighbourhoods.load(neighbourhood_choices)
    plan = VolunteerPlan(
        report=parsed.report, header_of=parsed.header_of, charter=charter, neighbourhoods=neighbourhoods
    )
    plan.report.rows = [row for row, _values in parsed.rows]
    existing = list(Volunteer.objects.filter(anonymised_at__isnull=True).prefetch_related("neighbourhoods"))
    by_email = defaultdict(list)
    by_name = defaultdict(list)
    for volunteer in existing:
        if volunteer.email:
            by_email[volunteer.email.lower()].append(volunteer)
        by_name[(fold(volunteer.last_name), fold(volunteer.first_name))].append(volunteer)
    signed = set(charter.signatures.values_list("volunteer_id", flat=True)) if charter else set()
    seen: dict[tuple, int] = {}
    for row, values in parsed.rows:
        if row.action == Action.REFUSED:
            continue
        key = (fold(values["last_name"]), fold(values["first_name"]))
        if key in seen:
            row.refuse(
                ", ".join(plan.header_of[n] for n in VolunteerResource.REQUIRED),
                row.label,
                _("This person is already on row %(row)s of the file.") % {"row": seen[key]},
            )
            continue
        seen[key] = row.number
        candidates = by_email.get((values.get("email") or "").lower()) or by_name.get(key, [])
        if len(candidates) > 1:
            row.refuse(
                plan.header_of["last_name"], row.label, _("Several volunteers match: merge them first.")
            )
            continue
        areas = _neighbourhoods(row, values, neighbourhoods, plan.header_of)
        if row.action == Action.REFUSED:
            continue
        volunteer = _plan_volunteer(plan, row, candidates[0] if candidates else None, values, areas)
        _plan_signature(plan, row, volunteer, values, charter, signed)
    neighbourhoods.report_on(plan.report)
    if charter is None and "charter_signed_on" in plan.header_of:
        plan.report.notes.append(
            _("No charter version exists yet: charter dates are not recorded. Add the charter first.")
        )
    return plan


def _neighbourhoods(
    row: RowReport, values: dict, neighbourhoods: ImportNeighbourhoods, header_of: dict
) -> list[Neighbourhood]:
    """'Saint-Leu, Henriville' or 'Saint-Leu; Henriville' or 'Saint-Leu / Henriville'."""
    text = values.get("neighbourhoods") or ""
    names = [name.strip() for name in text.replace(";", ",").replace("/", ",").split(",") if name.strip()]
    found = [neighbourhoods.find(row, header_of["neighbourhoods"], name) for name in names]
    return [area for area in found if area is not None]


def _plan_volunteer(
    plan: VolunteerPlan, row: RowReport, volunteer: Volunteer | None, values: dict, areas: list
) -> Volunteer:
    if volunteer is None:
        volunteer = Volunteer(
            **{name: values[name] for name in VOLUNTEER_FIELDS if not is_empty(values.get(name))},
            status=Volunteer.Status.ACTIVE,
        )
        row.action = Action.CREATE
        plan.new_volunteers.append(volunteer)
        plan.links += [(volunteer, area) for area in areas]
        return volunteer
    row.action = Action.UNCHANGED
    for name in ("email", "phone", "kind", "joined_on"):
        value = values.get(name)
        if name in plan.header_of and not is_empty(value) and getattr(volunteer, name) != value:
            setattr(volunteer, name, value)
            plan.changed_fields.add(name)
            plan.changed_volunteers[volunteer.pk] = volunteer
            row.changes.append(plan.header_of[name])
    current = {n.pk for n in volunteer.neighbourhoods.all()}
    new_areas = [area for area in areas if area.pk not in current]
    if new_areas:
        plan.links += [(volunteer, area) for area in new_areas]
        row.changes.append(plan.header_of["neighbourhoods"])
    if row.changes:
        row.action = Action.UPDATE
    return volunteer


def _plan_signature(
    plan: VolunteerPlan, row: RowReport, volunteer: Volunteer, values: dict, charter, signed: set
) -> None:
    signed_on = values.get("charter_signed_on")
    if not signed_on:
        return
    if charter is None:
        row.notes.append(_("Charter date not recorded: no charter version exists yet."))
        return
    if volunteer.pk in signed:
        return
    plan.signatures.append((volunteer, signed_on))
    if volunteer.pk:
        row.action = Action.UPDATE
        row.changes.append(plan.header_of["charter_signed_on"])


def import_volunteers(
    data: bytes,
    *,
    file_name: str,
    user=None,
    dry_run: bool = False,
    neighbourhood_choices: dict[str, str] | None = None,
) -> ImportReport:
    """Plan and, unless a row is refused or it is a dry run, write everything in one transaction."""
    with transaction.atomic():
        plan = plan_volunteers(data, file_name=file_name, neighbourhood_choices=neighbourhood_choices)
        if not dry_run and not plan.report.has_refusals:
            _write(plan, user=user)
            plan.report.written = True
    return plan.report


def _write(plan: VolunteerPlan, *, user) -> None:
    reason = (_("Import of %(file)s") % {"file": plan.report.file_name})[:100]
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH_SIZE}
    plan.neighbourhoods.create()
    if plan.new_volunteers:
        bulk_create_with_history(plan.new_volunteers, Volunteer, **history)
    if plan.changed_volunteers:
        bulk_update_with_history(
            list(plan.changed_volunteers.values()), Volunteer, fields=sorted(plan.changed_fields), **history
        )
    Link.objects.bulk_create(
        [Link(volunteer_id=v.pk, neighbourhood_id=n.pk) for v, n in plan.links], ignore_conflicts=True
    )
    if plan.signatures:
        CharterSignature.objects.bulk_create(
            [
                CharterSignature(volunteer_id=v.pk, version=plan.charter, signed_on=day)
                for v, day in plan.signatures
            ],
            ignore_conflicts=True,
        )
