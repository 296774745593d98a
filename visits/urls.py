from django.urls import path

from visits.views import sync, tablet

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
coordination_patterns: list = []

urlpatterns = tablet_patterns + coordination_patterns
