from django.urls import path

from seniors.views import exports, imports

app_name = "seniors"
urlpatterns: list = [
    path("importer/", imports.upload, name="import"),
    path("importer/confirmer/", imports.confirm, name="import_confirm"),
    path("exporter/", exports.export_seniors, name="export"),
]
