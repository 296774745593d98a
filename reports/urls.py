from django.urls import include, path

from reports import budget_views, issued_views, report_views, views

report_patterns = [
    path("bilan/", report_views.preview, {"kind": "bilan"}, name="bilan"),
    path("bilan.<str:fmt>", report_views.download, {"kind": "bilan"}, name="bilan_file"),
    path("annexe-financeurs/", report_views.preview, {"kind": "annex"}, name="annex"),
    path("annexe-financeurs.<str:fmt>", report_views.download, {"kind": "annex"}, name="annex_file"),
    path("indicateurs-reseau.<str:fmt>", report_views.network_file, name="network_file"),
    path("tendances/", report_views.trend_page, name="trend"),
    path("budget/", report_views.preview, {"kind": "budget"}, name="budget"),
    path("budget.<str:fmt>", report_views.download, {"kind": "budget"}, name="budget_file"),
    path("budgets/", budget_views.BudgetListView.as_view(), name="budget_list"),
    path("budgets/nouveau/", budget_views.budget_create, name="budget_create"),
    path("budgets/<int:pk>/", budget_views.budget_update, name="budget_update"),
    path("budgets/<int:pk>/supprimer/", budget_views.budget_delete, name="budget_delete"),
    path("objectifs/", budget_views.targets, name="targets"),
    path("bilans-emis/emettre/", issued_views.issue, name="issue"),
    path("bilans-emis/<int:pk>/", issued_views.issued_detail, name="issued_detail"),
    path("bilans-emis/<int:pk>/fichier.<str:fmt>", issued_views.issued_file, name="issued_file"),
    path("bilans-emis/verifier/", issued_views.verify, name="verify"),
]

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    # The reports page keeps the name the navigation and the home redirect use.
    path("rapports/", report_views.index, name="manager_home"),
    path("rapports/", include((report_patterns, "reports"))),
]
