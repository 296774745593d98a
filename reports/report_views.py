"""The reports page and the two reports (the six-monthly bilan, the budget summary): an
HTML preview and the PDF, XLSX and CSV files, recomputed from the records, for managers
and coordinators; the page also lists the issued bilans (issued_views)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, role_required
from reports.bilan import half_years_with_data
from reports.bilan.progress import target_progress, three_year_progress
from reports.bilan.trend import FIGURES as TREND_FIGURES
from reports.bilan.trend import LABELS as TREND_LABELS
from reports.bilan.trend import trend
from reports.exports import CONTENT_TYPES, DOCUMENTS, FORMATS, render_document
from reports.forms import PeriodForm
from reports.labels import key_figure_labels
from reports.models import IssuedBilan
from reports.network import WRITERS as NETWORK_WRITERS
from reports.network import network_export
from reports.periods import Period
from reports.services import next_version


@role_required(COORDINATOR, MANAGER)
def index(request: HttpRequest) -> HttpResponse:
    """The half-years with records, newest first, and a form for any range of dates."""
    period = Period.half_year_of(timezone.localdate())
    return _index(request, PeriodForm(initial={"start": period.start, "end": period.end}))


def _period_form(request: HttpRequest) -> PeriodForm:
    """The period asked for; an address with no dates at all (a bookmark, a link typed by
    hand) means the current half-year."""
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    period = Period.half_year_of(timezone.localdate())
    return PeriodForm({"start": period.start, "end": period.end})


def _index(request: HttpRequest, form: PeriodForm, status: int = 200) -> HttpResponse:
    issued = list(IssuedBilan.objects.all())
    latest: dict[Period, IssuedBilan] = {}
    for bilan in issued:  # newest version first
        latest.setdefault(bilan.period, bilan)
    today = timezone.localdate()
    half_years = [(period, latest.get(period), period.end < today) for period in half_years_with_data()]
    context = {
        "half_years": half_years,
        "issued": issued,
        "form": form,
        "formats": FORMATS,
        "insee_code": settings.CCAS_INSEE_CODE,
    }
    return render(request, "reports/index.html", context, status=status)


@role_required(COORDINATOR, MANAGER)
def preview(request: HttpRequest, kind: str) -> HttpResponse:
    """The report in the browser, drawn from the same tables as the files."""
    form = _period_form(request)
    if not form.is_valid():
        return _index(request, form, status=400)
    document = DOCUMENTS[kind](form.period)
    context = {
        "document": document,
        "query": request.GET.urlencode(),
        "formats": FORMATS,
        "is_over": form.period.end < timezone.localdate(),
        "next_version": next_version(form.period) if kind == "bilan" else None,
    }
    return render(request, "reports/document.html", context)


@role_required(COORDINATOR, MANAGER)
def download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        return _index(request, form, status=400)
    document = DOCUMENTS[kind](form.period)
    response = HttpResponse(render_document(document, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.filename(fmt)}"'
    return response


@role_required(COORDINATOR, MANAGER)
def network_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """The anonymised indicators for a network of towns (reports.network), CSV or JSON."""
    if fmt not in NETWORK_WRITERS:
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        return _index(request, form, status=400)
    period = form.period
    write, content_type = NETWORK_WRITERS[fmt]
    response = HttpResponse(
        write(network_export(period, timezone.localdate()), period), content_type=content_type
    )
    name = f"indicateurs-reseau-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(COORDINATOR, MANAGER)
def trend_page(request: HttpRequest) -> HttpResponse:
    """The programme over up to ten years, and how far the year's and the three-year plan's
    targets are reached today."""
    today = timezone.localdate()
    figures = trend(today)
    current = figures.years[-1]
    period = Period(current.period.start, current.stock_day)
    now = {"volunteers_now": current.volunteers_active, "seniors_now": current.seniors_followed}
    labels = key_figure_labels()
    context = {
        "trend": figures,
        "labels": [labels[TREND_LABELS[figure]] for figure in TREND_FIGURES],
        "rows": [
            (year, [(getattr(year, figure), growth[figure]) for figure in TREND_FIGURES])
            for year, growth in figures.yearly_growth()
        ],
        "five_years": [figures.growth(figure, 5) for figure in TREND_FIGURES],
        "has_five_years": len([year for year in figures.years if year.is_complete]) > 5,
        "targets": [
            (
                target,
                [
                    (labels["seniors_followed_at_end"], target.seniors),
                    (labels["volunteers_active_at_end"], target.volunteers),
                ],
            )
            for target in (target_progress(period, **now), three_year_progress(period, **now))
        ],
    }
    return render(request, "reports/trend.html", context)
