from django.urls import path

from seniors.views import exports, imports, partners, register, rights, seniors

app_name = "seniors"

urlpatterns = [
    path("", seniors.SeniorList.as_view(), name="senior_list"),
    path("nouveau/", seniors.senior_create, name="senior_create"),
    path("<int:pk>/", seniors.senior_detail, name="senior_detail"),
    path("<int:pk>/fil/", seniors.senior_timeline_view, name="senior_timeline"),
    path("<int:pk>/modifier/", seniors.senior_update, name="senior_update"),
    path("<int:pk>/binome/", seniors.senior_assign, name="senior_assign"),
    path("<int:pk>/statut/", seniors.senior_status, name="senior_status"),
    path("<int:pk>/rythme/", seniors.senior_rhythm, name="senior_rhythm"),
    path("<int:pk>/consentement/", seniors.senior_consent, name="senior_consent"),
    path("<int:pk>/registre/", register.senior_register, name="senior_register"),
    path("<int:pk>/approche/", register.senior_approach, name="senior_approach"),
    path("partenaires/", partners.PartnerList.as_view(), name="partner_list"),
    path("partenaires/nouveau/", partners.PartnerCreateView.as_view(), name="partner_create"),
    path("partenaires/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path("partenaires/<int:pk>/modifier/", partners.PartnerUpdateView.as_view(), name="partner_update"),
    path("partenaires/<int:pk>/signalement/", partners.referral_create, name="referral_create"),
    path("signalements/", partners.ReferralList.as_view(), name="referral_list"),
    path("signalements/<int:pk>/ecarter/", partners.referral_reject, name="referral_reject"),
    path("importer/", imports.upload, name="import"),
    path("importer/confirmer/", imports.confirm, name="import_confirm"),
    path("exporter/", exports.export_seniors, name="export"),
    path("<int:pk>/droit-d-acces.pdf", rights.access_request, name="access_request"),
    path("<int:pk>/anonymiser/", rights.anonymise, name="anonymise"),
]
