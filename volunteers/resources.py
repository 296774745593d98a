"""How a volunteers' spreadsheet maps to volunteers: columns, French headers, cell widgets."""

from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field

from ccas_visits.lib.import_widgets import ChoiceWidget, FrenchDateWidget, PhoneWidget, TextWidget
from volunteers.models import Volunteer

KIND_WORDS = {
    "senior": Volunteer.Kind.SENIOR,
    "benevole": Volunteer.Kind.SENIOR,
    "benevole senior": Volunteer.Kind.SENIOR,
    "retraite": Volunteer.Kind.SENIOR,
    "retraitee": Volunteer.Kind.SENIOR,
    "service civique": Volunteer.Kind.CIVIC_SERVICE,
    "volontaire": Volunteer.Kind.CIVIC_SERVICE,
    "volontaire en service civique": Volunteer.Kind.CIVIC_SERVICE,
    "jeune en service civique": Volunteer.Kind.CIVIC_SERVICE,
    "travailleur social": Volunteer.Kind.SOCIAL_WORKER,
    "travailleuse sociale": Volunteer.Kind.SOCIAL_WORKER,
    "salarie": Volunteer.Kind.SOCIAL_WORKER,
    "salariee": Volunteer.Kind.SOCIAL_WORKER,
    "agent ccas": Volunteer.Kind.SOCIAL_WORKER,
    "elu": Volunteer.Kind.ELECTED,
    "elue": Volunteer.Kind.ELECTED,
    "elu e": Volunteer.Kind.ELECTED,
    "association": Volunteer.Kind.ASSOCIATION,
    "membre d association": Volunteer.Kind.ASSOCIATION,
    "benevole association": Volunteer.Kind.ASSOCIATION,
    "association partenaire": Volunteer.Kind.ASSOCIATION,
}


class VolunteerResource(resources.ModelResource):
    last_name = Field("last_name", _("Last name"), TextWidget())
    first_name = Field("first_name", _("First name"), TextWidget())
    email = Field("email", _("E-mail"), TextWidget())
    phone = Field("phone", _("Phone"), PhoneWidget())
    kind = Field(
        "kind",
        _("Kind"),
        ChoiceWidget(
            KIND_WORDS,
            hint=_(
                "Write “bénévole senior”, “service civique”, “travailleur social”, “élu” or “association”."
            ),
            default=Volunteer.Kind.SENIOR,
        ),
    )
    neighbourhoods = Field("neighbourhoods", _("Neighbourhoods"), TextWidget())
    joined_on = Field("joined_on", _("Joined on"), FrenchDateWidget())
    charter_signed_on = Field("charter_signed_on", _("Charter signed on"), FrenchDateWidget())

    SYNONYMS: dict[str, set[str]] = {
        "last_name": {"Nom", "Nom de famille"},
        "first_name": {"Prénom", "Prénoms"},
        "email": {"E-mail", "Email", "Courriel", "Mail", "Adresse e-mail", "Adresse mail"},
        "phone": {"Téléphone", "Tél", "Tél.", "Portable", "Numéro de téléphone"},
        "kind": {"Type", "Type de bénévole", "Catégorie", "Profil"},
        "neighbourhoods": {"Quartier", "Quartiers", "Secteur", "Secteurs"},
        "joined_on": {"Date d'arrivée", "Arrivé le", "Arrivée le", "Date d'entrée", "Date d'inscription"},
        "charter_signed_on": {
            "Charte signée le",
            "Date de signature de la charte",
            "Signature de la charte",
            "Charte",
            "Date charte",
        },
    }
    REQUIRED = ("last_name", "first_name")

    class Meta:
        model = Volunteer
        fields = (
            "last_name",
            "first_name",
            "email",
            "phone",
            "kind",
            "neighbourhoods",
            "joined_on",
            "charter_signed_on",
        )
