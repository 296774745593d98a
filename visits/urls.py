from django.urls import path

from visits.views import tablet

app_name = "visits"

# Volunteer pairs, on the tablet.
tablet_patterns = [
    path("mes-seniors/", tablet.my_seniors, name="my_seniors"),
]

# Coordinators.
coordination_patterns: list = []

urlpatterns = tablet_patterns + coordination_patterns
