"""How a seniors' spreadsheet maps to a senior's file: the columns, the French headers
people write for them, and the widget that reads each cell."""

from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field

from ccas_visits.lib.import_widgets import (
    ChoiceWidget,
    FrenchDateWidget,
    PhoneWidget,
    PostalCodeWidget,
    TextWidget,
)
from seniors.models import RegisterEntry, Senior

SEX_WORDS = {
    "f": Senior.Sex.FEMALE,
    "femme": Senior.Sex.FEMALE,
    "feminin": Senior.Sex.FEMALE,
    "mme": Senior.Sex.FEMALE,
    "madame": Senior.Sex.FEMALE,
    "m": Senior.Sex.MALE,
    "h": Senior.Sex.MALE,
    "homme": Senior.Sex.MALE,
    "masculin": Senior.Sex.MALE,
    "monsieur": Senior.Sex.MALE,
    "mr": Senior.Sex.MALE,
    "x": Senior.Sex.UNSPECIFIED,
    "non precise": Senior.Sex.UNSPECIFIED,
}

BASIS_WORDS = {
    "65 ans": RegisterEntry.Basis.AGE_65,
    "65 ans et plus": RegisterEntry.Basis.AGE_65,
    "plus de 65 ans": RegisterEntry.Basis.AGE_65,
    "age": RegisterEntry.Basis.AGE_65,
    "personne agee": RegisterEntry.Basis.AGE_65,
    "60 ans inapte": RegisterEntry.Basis.AGE_60_UNFIT,
    "60 ans et inapte au travail": RegisterEntry.Basis.AGE_60_UNFIT,
    "inapte": RegisterEntry.Basis.AGE_60_UNFIT,
    "inapte au travail": RegisterEntry.Basis.AGE_60_UNFIT,
    "handicap": RegisterEntry.Basis.DISABLED,
    "adulte handicape": RegisterEntry.Basis.DISABLED,
    "personne handicapee": RegisterEntry.Basis.DISABLED,
}


class SeniorResource(resources.ModelResource):
    """Columns of a register, a partner's list or a birthday list."""

    last_name = Field("last_name", _("Last name"), TextWidget())
    first_name = Field("first_name", _("First name"), TextWidget())
    birth_date = Field("birth_date", _("Date of birth"), FrenchDateWidget())
    sex = Field(
        "sex",
        _("Sex"),
        ChoiceWidget(SEX_WORDS, hint=_("Write F or M (or Femme, Homme)."), default=Senior.Sex.UNSPECIFIED),
    )
    address = Field("address", _("Address"), TextWidget())
    postal_code = Field("postal_code", _("Postal code"), PostalCodeWidget())
    city = Field("city", _("City"), TextWidget())
    phone = Field("phone", _("Phone"), PhoneWidget())
    neighbourhood = Field("neighbourhood__name", _("Neighbourhood"), TextWidget())
    register_id = Field("register_entry__register_id", _("Register identifier"), TextWidget())
    registered_on = Field("register_entry__registered_on", _("Registered on"), FrenchDateWidget())
    basis = Field(
        "register_entry__basis",
        _("Register basis"),
        ChoiceWidget(BASIS_WORDS, hint=_("Write “65 ans”, “60 ans inapte” or “handicap”.")),
    )
    objected_on = Field("register_entry__objected_on", _("Objected on"), FrenchDateWidget())
    left_on = Field("register_entry__left_on", _("Left the register on"), FrenchDateWidget())

    # Headers as French offices write them, compared folded (no case, accents, punctuation).
    SYNONYMS: dict[str, set[str]] = {
        "last_name": {"Nom", "Nom de famille", "Nom d'usage", "Nom usuel", "Nom marital"},
        "first_name": {"Prénom", "Prénoms", "Prenom usuel"},
        "birth_date": {"Date de naissance", "Né(e) le", "Née le", "Né le", "Naissance", "Date naissance"},
        "sex": {"Sexe", "Genre", "Civilité"},
        "address": {"Adresse", "Adresse postale", "Domicile", "Rue", "N° et rue"},
        "postal_code": {"Code postal", "CP", "C.P."},
        "city": {"Ville", "Commune", "Localité"},
        "phone": {
            "Téléphone",
            "Tél",
            "Tél.",
            "Tel fixe",
            "Téléphone fixe",
            "Portable",
            "Numéro de téléphone",
        },
        "neighbourhood": {"Quartier", "Secteur"},
        "register_id": {
            "Identifiant registre",
            "N° registre",
            "Numéro registre",
            "Numéro d'inscription",
            "N° d'inscription",
            "Identifiant",
            "ID registre",
        },
        "registered_on": {"Date d'inscription", "Inscrit le", "Inscrite le", "Inscrit(e) le"},
        "basis": {"Motif d'inscription", "Motif", "Critère", "Critère d'inscription"},
        "objected_on": {"Opposition le", "Date d'opposition", "Opposition", "S'oppose depuis le"},
        "left_on": {"Sorti le", "Sortie le", "Date de sortie", "Radié le", "Radiée le", "Désinscrit le"},
    }
    REQUIRED = ("last_name", "first_name", "birth_date", "address")
    REGISTER_ONLY = ("register_id", "registered_on", "basis", "objected_on", "left_on")

    class Meta:
        model = Senior
        fields = (
            "last_name",
            "first_name",
            "birth_date",
            "sex",
            "address",
            "postal_code",
            "city",
            "phone",
            "neighbourhood",
            "register_id",
            "registered_on",
            "basis",
            "objected_on",
            "left_on",
        )
