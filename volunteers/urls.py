from django.urls import path

from volunteers.views import meetings, pairs, volunteers

app_name = "volunteers"

urlpatterns = [
    path("", volunteers.volunteer_list_view, name="volunteer_list"),
    path("nouveau/", volunteers.VolunteerCreateView.as_view(), name="volunteer_create"),
    path("<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("<int:pk>/modifier/", volunteers.VolunteerUpdateView.as_view(), name="volunteer_update"),
    path("<int:pk>/statut/", volunteers.volunteer_status, name="volunteer_status"),
    path("<int:pk>/charte/", volunteers.charter_sign, name="charter_sign"),
    path("binomes/", pairs.pair_list, name="pair_list"),
    path("binomes/nouveau/", pairs.pair_create, name="pair_create"),
    path("binomes/<int:pk>/", pairs.pair_detail, name="pair_detail"),
    path("binomes/<int:pk>/fin/", pairs.pair_end, name="pair_end"),
    path("reunions/", meetings.meeting_list, name="meeting_list"),
    path("reunions/nouvelle/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.MeetingUpdateView.as_view(), name="meeting_update"),
    path("reunions/<int:pk>/presences/", meetings.meeting_attendance, name="meeting_attendance"),
]
