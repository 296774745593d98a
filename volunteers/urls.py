from django.urls import path

from volunteers.views import accounts, exports, imports, meetings, pairs, volunteers

app_name = "volunteers"

urlpatterns = [
    path("", volunteers.VolunteerList.as_view(), name="volunteer_list"),
    path("nouveau/", volunteers.VolunteerCreateView.as_view(), name="volunteer_create"),
    path("<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("<int:pk>/modifier/", volunteers.VolunteerUpdateView.as_view(), name="volunteer_update"),
    path("<int:pk>/statut/", volunteers.volunteer_status, name="volunteer_status"),
    path("<int:pk>/charte/", volunteers.charter_sign, name="charter_sign"),
    path("binomes/", pairs.PairList.as_view(), name="pair_list"),
    path("binomes/exporter/", exports.export_pairs, name="pair_export"),
    path("binomes/nouveau/", pairs.pair_create, name="pair_create"),
    path("binomes/<int:pk>/", pairs.pair_detail, name="pair_detail"),
    path("binomes/<int:pk>/fin/", pairs.pair_end, name="pair_end"),
    path("binomes/<int:pk>/remplacer/", pairs.pair_replace_member, name="pair_replace_member"),
    path("reunions/", meetings.MeetingList.as_view(), name="meeting_list"),
    path("reunions/nouvelle/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.MeetingUpdateView.as_view(), name="meeting_update"),
    path("reunions/<int:pk>/presences/", meetings.meeting_attendance, name="meeting_attendance"),
    path("comptes/", accounts.account_list, name="account_list"),
    path("comptes/nouveau/", accounts.account_create, name="account_create"),
    path("comptes/<int:pk>/activer/", accounts.account_toggle_active, name="account_toggle_active"),
    path("comptes/<int:pk>/deverrouiller/", accounts.account_unlock, name="account_unlock"),
    path("importer/", imports.upload, name="import"),
    path("importer/confirmer/", imports.confirm, name="import_confirm"),
    path("exporter/", exports.export_volunteers, name="export"),
]
