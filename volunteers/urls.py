from django.urls import path

from volunteers.views import exports, imports

app_name = "volunteers"
urlpatterns: list = [
    path("importer/", imports.upload, name="import"),
    path("importer/confirmer/", imports.confirm, name="import_confirm"),
    path("exporter/", exports.export_volunteers, name="export"),
]
