from django.urls import path

from second_factor import views

app_name = "second_factor"

urlpatterns = [
    path("", views.devices, name="devices"),
    path("mise-en-place/", views.enrol, name="enrol"),
    path("mise-en-place/application/", views.enrol_app, name="enrol_app"),
    path("mise-en-place/cle/", views.enrol_passkey, name="enrol_passkey"),
    path("verification/", views.verify, name="verify"),
    path("verification/code-de-secours/", views.recovery, name="recovery"),
    path("codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path("<str:kind>/<int:pk>/retirer/", views.device_remove, name="device_remove"),
    path("equipe/", views.team, name="team"),
    path("equipe/<int:pk>/reinitialiser/", views.reset, name="reset"),
]
