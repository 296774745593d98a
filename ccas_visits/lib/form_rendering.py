"""How forms render: Django's own renderer, with <select> written in Python.

Django renders each <option> through its own template; a select listing a big town's 300
pairs then costs tens of milliseconds a page. Here a plain <select> (Django's own option
template, no optgroup markup of its own) is written with `format_html`: the same HTML."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.forms.widgets import Select
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def render_select(widget: dict) -> SafeString:
    """The HTML of Django's select.html for this widget context."""
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options),
        )
        groups.append(
            format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered)
            if group_name
            else rendered
        )
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        flatatt(widget["attrs"]),
        mark_safe("".join(groups)),  # noqa: S308 - each part escaped above
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == Select.template_name and widget and _plain_options(widget):
            return render_select(widget)
        return super().render(template_name, context, request)


def _plain_options(widget: dict) -> bool:
    return all(
        option["template_name"] == Select.option_template_name
        for _name, options, _index in widget["optgroups"]
        for option in options
    )
