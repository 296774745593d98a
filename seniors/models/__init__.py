"""The seniors the programme reaches: their file (files.py), what they agreed to and the
vulnerability register, kept apart from enrolment (register.py), the partners who refer
them (partners.py), and who opened their file (access.py)."""

from seniors.models.access import AccessLog
from seniors.models.files import (
    Assignment,
    Senior,
    SeniorStatusChange,
    has_declined_between,
    has_objected,
    is_new_between,
    is_on_register_only,
    is_open_to_visits,
    is_waiting_for_pair,
)
from seniors.models.partners import Partner, Referral
from seniors.models.register import ACKNOWLEDGEMENT_DAYS, Consent, RegisterEntry, is_acknowledgement_overdue

__all__ = [
    "ACKNOWLEDGEMENT_DAYS",
    "AccessLog",
    "Assignment",
    "Consent",
    "Partner",
    "Referral",
    "RegisterEntry",
    "Senior",
    "SeniorStatusChange",
    "has_declined_between",
    "has_objected",
    "is_acknowledgement_overdue",
    "is_new_between",
    "is_on_register_only",
    "is_open_to_visits",
    "is_waiting_for_pair",
]
