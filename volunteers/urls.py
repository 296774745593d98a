from django.urls import path

from volunteers.views import accounts, exports, imports

app_name = "volunteers"
urlpatterns = [
    path("comptes/", accounts.account_list, name="account_list"),
    path("comptes/nouveau/", accounts.account_create, name="account_create"),
    path("comptes/<int:pk>/activer/", accounts.account_toggle_active, name="account_toggle_active"),
    path("comptes/<int:pk>/deverrouiller/", accounts.account_unlock, name="account_unlock"),
    path("importer/", imports.upload, name="import"),
    path("importer/confirmer/", imports.confirm, name="import_confirm"),
    path("exporter/", exports.export_volunteers, name="export"),
]
