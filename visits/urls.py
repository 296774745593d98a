from django.urls import path

from visits.views import (
    activities,
    campaigns,
    certificates,
    contacts,
    exports,
    follow_up,
    review,
    six_monthly,
    sync,
    tablet,
)

app_name = "visits"

# Volunteer pairs, on the tablet. The service worker lives at the root of these URLs so that
# its scope covers them all.
tablet_patterns = [
    path("mes-seniors/", tablet.my_seniors, name="my_seniors"),
    path("mes-seniors/<int:pk>/", tablet.senior_detail, name="senior"),
    path("mes-seniors/<int:pk>/appel/", tablet.log_call, name="log_call"),
    path("mes-seniors/<int:pk>/visite/", tablet.log_visit, name="log_visit"),
    path("mes-seniors/<int:pk>/questions/", tablet.log_measure, name="log_measure"),
    path(
        "mes-seniors/<int:pk>/campagne/<int:campaign_pk>/",
        tablet.log_campaign_call,
        name="log_campaign_call",
    ),
    path("mon-benevolat/", certificates.my_volunteering, name="my_volunteering"),
    path("mon-benevolat/demande/", certificates.certificate_request, name="certificate_request"),
    path("hors-ligne/", tablet.offline, name="offline"),
    path("envoi/", sync.sync, name="sync"),
    path("sw.js", tablet.service_worker, name="service_worker"),
    path("manifest.webmanifest", tablet.manifest, name="manifest"),
]

# Coordinators.
coordination_patterns = [
    path("appels/", contacts.CallList.as_view(), name="call_list"),
    path("appels/exporter/", exports.call_export, name="call_export"),
    path("appels/nouveau/", contacts.call_create, name="call_create"),
    path("appels/<int:pk>/", contacts.call_detail, name="call_detail"),
    path("appels/<int:pk>/corriger/", contacts.call_update, name="call_update"),
    path("visites/", contacts.VisitList.as_view(), name="visit_list"),
    path("visites/exporter/", exports.visit_export, name="visit_export"),
    path("visites/nouvelle/", contacts.visit_create, name="visit_create"),
    path("visites/<int:pk>/", contacts.visit_detail, name="visit_detail"),
    path("visites/<int:pk>/corriger/", contacts.visit_update, name="visit_update"),
    path("visites/<int:pk>/lu/", contacts.visit_mark_read, name="visit_mark_read"),
    path("visites/<int:pk>/reponse/", contacts.visit_reply, name="visit_reply"),
    path("comptes-rendus/", contacts.UnreadReports.as_view(), name="report_list"),
    path("a-relancer/", follow_up.OverdueContacts.as_view(), name="overdue_list"),
    path("binomes-sans-activite/", follow_up.SilentPairs.as_view(), name="silent_pairs"),
    path("envois-a-verifier/", review.review_list, name="review_list"),
    path("envois-a-verifier/<int:pk>/", review.review_detail, name="review_detail"),
    path("revisions/", six_monthly.ReviewsDue.as_view(), name="six_month_due"),
    path("revisions/nouvelle/", six_monthly.review_create, name="six_month_create"),
    path("revisions/<int:pk>/", six_monthly.review_detail, name="six_month_detail"),
    path("questions-isolement/", six_monthly.measure_create, name="measure_create"),
    path("attestations/", certificates.certificate_list, name="certificate_list"),
    path(
        "attestations/nouvelle/<int:volunteer_pk>/",
        certificates.certificate_create,
        name="certificate_create",
    ),
    path("attestations/<int:pk>.pdf", certificates.certificate_file, name="certificate_file"),
    path("alertes/", follow_up.AlertList.as_view(), name="alert_list"),
    path("alertes/<int:pk>/", follow_up.alert_detail, name="alert_detail"),
    path("besoins/", follow_up.NeedsToFollow.as_view(), name="need_list"),
    path("besoins/<int:pk>/repondre/", follow_up.need_answer, name="need_answer"),
    path("activites/", activities.ActivityList.as_view(), name="activity_list"),
    path("activites/nouvelle/", activities.ActivityCreate.as_view(), name="activity_create"),
    path("activites/<int:pk>/", activities.ActivityDetail.as_view(), name="activity_detail"),
    path("activites/<int:pk>/modifier/", activities.ActivityUpdate.as_view(), name="activity_update"),
    path("activites/<int:pk>/seances/nouvelle/", activities.SessionCreate.as_view(), name="session_create"),
    path("activites/<int:pk>/propositions/nouvelle/", activities.proposal_create, name="proposal_create"),
    path("propositions/", activities.ProposalList.as_view(), name="proposal_list"),
    path("propositions/exporter/", exports.proposal_export, name="proposal_export"),
    path("seances/<int:pk>/", activities.session_detail, name="session_detail"),
    path("seances/<int:pk>/modifier/", activities.SessionUpdate.as_view(), name="session_update"),
    path(
        "seances/<int:session_pk>/propositions/<int:pk>/presence/",
        activities.proposal_attendance,
        name="proposal_attendance",
    ),
    path("campagnes/", campaigns.CampaignList.as_view(), name="campaign_list"),
    path("campagnes/nouvelle/", campaigns.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campagnes/<int:pk>/compteurs/", campaigns.campaign_counts, name="campaign_counts"),
    path("campagnes/<int:pk>/cloturer/", campaigns.campaign_close, name="campaign_close"),
    path("campagnes/<int:pk>/ajouter/", campaigns.campaign_add, name="campaign_add"),
    path("campagnes/lignes/<int:pk>/appel/", campaigns.campaign_entry_call, name="campaign_entry_call"),
    path("campagnes/lignes/<int:pk>/deplacer/", campaigns.campaign_entry_move, name="campaign_entry_move"),
]

urlpatterns = tablet_patterns + coordination_patterns
