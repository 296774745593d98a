"""The people who visit: volunteers, their status history, the areas they cover and their
charter (people.py), their pairs and who was in them when (pairs.py), their meetings and
trainings (meetings.py), the certificates of volunteering they are given (certificates.py)."""

from volunteers.models.certificates import Certificate, CertificateRequest
from volunteers.models.meetings import Attendance, Meeting
from volunteers.models.pairs import Pair, PairMembership
from volunteers.models.people import (
    Association,
    CharterSignature,
    CharterVersion,
    Neighbourhood,
    Volunteer,
    VolunteerStatusChange,
    current_charter,
    has_access,
    is_active_between,
    is_active_on,
    onboarding_incomplete,
    status_on,
)

__all__ = [
    "Association",
    "Attendance",
    "Certificate",
    "CertificateRequest",
    "CharterSignature",
    "CharterVersion",
    "Meeting",
    "Neighbourhood",
    "Pair",
    "PairMembership",
    "Volunteer",
    "VolunteerStatusChange",
    "current_charter",
    "has_access",
    "is_active_between",
    "is_active_on",
    "onboarding_incomplete",
    "status_on",
]
