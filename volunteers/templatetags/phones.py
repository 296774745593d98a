"""Phone numbers on pages: `{{ senior.phone|phone }}` shows "06 12 34 56 78",
`tel:{{ senior.phone|phone_dial }}` dials it, `{% if not senior.phone|phone_checked %}`
marks a number kept as typed because it is not a valid one (ccas_visits.lib.phones)."""

from django import template

from ccas_visits.lib.phones import dial_phone, display_phone, is_checked_phone

register = template.Library()

register.filter("phone", display_phone)
register.filter("phone_dial", dial_phone)
register.filter("phone_checked", is_checked_phone)
