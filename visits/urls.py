from django.urls import path

from visits.views import coordination, exports, sync, tablet

app_name = "visits"

# Volunteer pairs, on the tablet. The service worker lives at the root of these URLs so that
# its scope covers them all.
tablet_patterns = [
    path("mes-seniors/", tablet.my_seniors, name="my_seniors"),
    path("mes-seniors/<int:pk>/", tablet.senior_detail, name="senior"),
    path("mes-seniors/<int:pk>/appel/", tablet.log_call, name="log_call"),
    path("mes-seniors/<int:pk>/visite/", tablet.log_visit, name="log_visit"),
    path("hors-ligne/", tablet.offline, name="offline"),
    path("envoi/", sync.sync, name="sync"),
    path("sw.js", tablet.service_worker, name="service_worker"),
    path("manifest.webmanifest", tablet.manifest, name="manifest"),
]

# Coordinators.
coordination_patterns = [
    path("appels/", coordination.CallList.as_view(), name="call_list"),
    path("appels/exporter/", exports.call_export, name="call_export"),
    path("appels/nouveau/", coordination.call_create, name="call_create"),
    path("appels/<int:pk>/", coordination.call_detail, name="call_detail"),
    path("appels/<int:pk>/corriger/", coordination.call_update, name="call_update"),
    path("visites/", coordination.VisitList.as_view(), name="visit_list"),
    path("visites/exporter/", exports.visit_export, name="visit_export"),
    path("visites/nouvelle/", coordination.visit_create, name="visit_create"),
    path("visites/<int:pk>/", coordination.visit_detail, name="visit_detail"),
    path("visites/<int:pk>/corriger/", coordination.visit_update, name="visit_update"),
    path("visites/<int:pk>/lu/", coordination.visit_mark_read, name="visit_mark_read"),
    path("visites/<int:pk>/reponse/", coordination.visit_reply, name="visit_reply"),
    path("comptes-rendus/", coordination.UnreadReports.as_view(), name="report_list"),
    path("a-relancer/", coordination.OverdueContacts.as_view(), name="overdue_list"),
    path("binomes-sans-activite/", coordination.SilentPairs.as_view(), name="silent_pairs"),
    path("alertes/", coordination.AlertList.as_view(), name="alert_list"),
    path("alertes/<int:pk>/", coordination.alert_detail, name="alert_detail"),
    path("activites/", coordination.ActivityList.as_view(), name="activity_list"),
    path("activites/nouvelle/", coordination.ActivityCreate.as_view(), name="activity_create"),
    path("activites/<int:pk>/", coordination.ActivityDetail.as_view(), name="activity_detail"),
    path("activites/<int:pk>/modifier/", coordination.ActivityUpdate.as_view(), name="activity_update"),
    path("activites/<int:pk>/seances/nouvelle/", coordination.SessionCreate.as_view(), name="session_create"),
    path("activites/<int:pk>/propositions/nouvelle/", coordination.proposal_create, name="proposal_create"),
    path("propositions/", coordination.ProposalList.as_view(), name="proposal_list"),
    path("propositions/exporter/", exports.proposal_export, name="proposal_export"),
    path("seances/<int:pk>/", coordination.session_detail, name="session_detail"),
    path("seances/<int:pk>/modifier/", coordination.SessionUpdate.as_view(), name="session_update"),
    path(
        "seances/<int:session_pk>/propositions/<int:pk>/presence/",
        coordination.proposal_attendance,
        name="proposal_attendance",
    ),
    path("campagnes/", coordination.CampaignList.as_view(), name="campaign_list"),
    path("campagnes/nouvelle/", coordination.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", coordination.campaign_detail, name="campaign_detail"),
    path("campagnes/<int:pk>/compteurs/", coordination.campaign_counts, name="campaign_counts"),
    path("campagnes/<int:pk>/cloturer/", coordination.campaign_close, name="campaign_close"),
    path("campagnes/lignes/<int:pk>/appel/", coordination.campaign_entry_call, name="campaign_entry_call"),
]

urlpatterns = tablet_patterns + coordination_patterns
