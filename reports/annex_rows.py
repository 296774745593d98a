"""The funders' annex as tables: the same tables in the bilan's last section, on the annex's
own page and in its PDF, XLSX and CSV."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.bilan.annex import NOT_ASSESSED, BandsBySex, FunderAnnex, sexes_counted, total
from reports.labels import key_figure_labels
from reports.tables import TEXT, Column, Table, indicator_table
from seniors.ages import FunderAgeBand
from seniors.models import Senior
from volunteers.models import Volunteer


def _by_sex_and_band(key: str, title: str, counts: BandsBySex, note: str = "") -> Table:
    sexes = Senior.Sex.values
    return Table(
        key=key,
        title=title,
        columns=[
            Column(_("Age band"), TEXT),
            *[Column(str(Senior.Sex(sex).label)) for sex in sexes],
            Column(_("Total")),
        ],
        rows=[
            [
                str(FunderAgeBand(band).label),
                *[counts[band][sex] for sex in sexes],
                sum(counts[band].values()),
            ]
            for band in FunderAgeBand.values
        ],
        totals=[[_("Total"), *[sexes_counted(counts)[sex] for sex in sexes], total(counts)]],
        note=note,
    )


def annex_tables(annex: FunderAnnex) -> list[Table]:
    labels = key_figure_labels()
    age_note = _("Age on the last day of the period.")
    people = [
        _by_sex_and_band(
            "annex_followed", _("People: seniors followed during the period"), annex.followed, age_note
        ),
        _by_sex_and_band(
            "annex_new",
            _("People: new followed seniors (never followed before the period)"),
            annex.newly_followed,
        ),
        _by_sex_and_band(
            "annex_continuing",
            _("People: seniors followed before the period (continuing)"),
            annex.still_followed,
        ),
        _by_sex_and_band(
            "annex_participants", _("People: seniors who came to an activity"), annex.participants
        ),
        _by_sex_and_band(
            "annex_participations",
            _("Participations: attendances at activities"),
            annex.participations,
            _("A senior who came to three sessions is one person and three participations."),
        ),
    ]
    gir_labels = {
        **{gir: str(Senior.Gir(gir).label) for gir in Senior.Gir.values},
        NOT_ASSESSED: _("Not assessed"),
    }
    gir = Table(
        key="annex_gir",
        title=_("Seniors followed during the period, by GIR"),
        columns=[Column(_("GIR (autonomy group)"), TEXT), Column(_("Seniors followed"))],
        rows=[[gir_labels[value], n] for value, n in annex.followed_by_gir.items()],
        totals=[[_("Total"), sum(annex.followed_by_gir.values())]],
        note=_("As the coordinators recorded it on the files, where it was assessed."),
    )
    hours = annex.hours
    actions = indicator_table(
        "annex_actions",
        _("Actions"),
        [
            (labels["visits"], annex.visits),
            (labels["calls"], annex.calls),
            (_("Activity sessions held"), annex.sessions_held),
            (_("Participations in activities"), annex.participation_count),
            (_("Volunteer hours"), hours.hours),
            (_("Volunteers' calls and meetings without a recorded duration"), hours.without_duration),
            (_("Pairs' visits with no volunteer recorded present"), hours.visits_without_volunteers),
        ],
        note=_(
            "Volunteer hours: each visit's duration for each volunteer present, each volunteer's call, "
            "each meeting or training's duration for each volunteer who came. A call or meeting without "
            "a recorded duration adds no hours."
        ),
    )
    kinds = Table(
        key="annex_volunteer_kinds",
        title=_("Volunteers active during the period, by kind"),
        columns=[Column(_("Kind"), TEXT), Column(_("Volunteers"))],
        rows=[[str(Volunteer.Kind(kind).label), n] for kind, n in annex.volunteers_by_kind.items()],
        totals=[[_("Total"), sum(annex.volunteers_by_kind.values())]],
    )
    associations = Table(
        key="annex_associations",
        title=_("Volunteers active during the period, by partner association"),
        columns=[Column(_("Partner association"), TEXT), Column(_("Volunteers"))],
        rows=[[name, n] for name, n in annex.volunteers_by_association],
        totals=[[_("Total"), sum(n for _name, n in annex.volunteers_by_association)]],
    )
    return [*people, gir, actions, kinds, associations]
