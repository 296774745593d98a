from django.urls import path

from seniors.views import rights

app_name = "seniors"
urlpatterns = [
    path("<int:pk>/droit-d-acces.pdf", rights.access_request, name="access_request"),
    path("<int:pk>/anonymiser/", rights.anonymise, name="anonymise"),
]
