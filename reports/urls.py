from django.urls import path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("rapports/", views.manager_home, name="manager_home"),
]
