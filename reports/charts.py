"""Charts drawn on the server as SVG: the same drawing in the HTML preview and in the PDF,
no JavaScript, no image files."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.tables import format_cell

DARK = "#1f4e79"
LIGHT = "#9dc3e6"
INK = "#222"
GRID = "#d0d7de"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _nice_max(value: int) -> int:
    """A round top for the axis: 10, 20, 50, 100, 200..."""
    top = 1
    while True:
        for step in (1, 2, 5):
            if value <= top * step:
                return max(top * step, 5)
        top *= 10


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    title = escape(title)
    return mark_safe(  # noqa: S308 - every text inside was escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{title}">'
        f"<title>{title}</title>{''.join(body)}</svg>"
    )


def grouped_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    width: int = 640,
    height: int = 250,
) -> SafeString:
    """Vertical bars, one group per label (a month), one bar per series (calls, visits)."""
    left, right, top, bottom = 48, 12, 30, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for _, values in series for v in values), default=0))
    colours = [LIGHT, DARK]
    body = []
    for i in range(5):  # horizontal grid and the axis values
        value = peak * i // 4
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" {FONT} '
            f'fill="{INK}">{escape(format_cell(value))}</text>'
        )
    group_w = plot_w / max(len(labels), 1)
    bar_w = min(group_w * 0.8 / max(len(series), 1), 28)
    for g, label in enumerate(labels):
        x0 = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, (_, values) in enumerate(series):
            h = plot_h * values[g] / peak
            x = x0 + s * bar_w
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{colours[s % 2]}"/>'
            )
            if values[g]:
                body.append(
                    f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{top + plot_h - h - 3:.1f}" '
                    f'text-anchor="middle" font-size="10" {FONT} fill="{INK}">'
                    f"{escape(format_cell(values[g]))}</text>"
                )
        body.append(
            f'<text x="{left + (g + 0.5) * group_w:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'font-size="11" {FONT} fill="{INK}">{escape(label)}</text>'
        )
    for s, (name, _) in enumerate(series):  # legend, top left
        x = left + s * 140
        body.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colours[s % 2]}"/>')
        body.append(f'<text x="{x + 18}" y="18" font-size="12" {FONT} fill="{INK}">{escape(name)}</text>')
    return _svg(width, height, title, body)


def horizontal_bars(
    title: str, items: Sequence[tuple[str, int]], *, width: int = 640, row_height: int = 30
) -> SafeString:
    """One horizontal bar per item (seniors by age band), its value at the end."""
    left, right, top = 140, 60, 10
    height = top * 2 + row_height * max(len(items), 1)
    peak = max((v for _, v in items), default=0) or 1
    plot_w = width - left - right
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_height
        w = plot_w * value / peak
        body.append(
            f'<text x="{left - 8}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end" font-size="12" '
            f'{FONT} fill="{INK}">{escape(label)}</text>'
        )
        body.append(
            f'<rect x="{left}" y="{y + 5}" width="{w:.1f}" height="{row_height - 10}" fill="{DARK}"/>'
        )
        body.append(
            f'<text x="{left + w + 6:.1f}" y="{y + row_height / 2 + 4:.1f}" font-size="12" {FONT} '
            f'fill="{INK}">{escape(format_cell(value))}</text>'
        )
    return _svg(width, height, title, body)
