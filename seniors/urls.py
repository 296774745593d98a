from django.urls import path

from seniors.views import exports, imports, rights

app_name = "seniors"
urlpatterns = [
    path("importer/", imports.upload, name="import"),
    path("importer/confirmer/", imports.confirm, name="import_confirm"),
    path("exporter/", exports.export_seniors, name="export"),
    path("<int:pk>/droit-d-acces.pdf", rights.access_request, name="access_request"),
    path("<int:pk>/anonymiser/", rights.anonymise, name="anonymise"),
]
