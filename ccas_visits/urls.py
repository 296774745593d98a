from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from ccas_visits import health, views
from second_factor import webauthn
from seniors.views import sessions as my_sessions
from volunteers.views import sessions

urlpatterns = [
    path(
        "connexion/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oublie/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/enregistre/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The admin signs in through the application's own login and second factor.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("mes-connexions/", my_sessions.my_sessions, name="my_sessions"),
    path("mes-connexions/fermer/", my_sessions.my_sessions_end, name="my_sessions_end"),
    path("session/prolonger/", sessions.session_extend, name="session_extend"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("admin/", admin.site.urls),
    path("sante/", health.health, name="health"),
    path("second-facteur/", include("second_factor.urls")),
    path("second-facteur/cle/", include((webauthn.urlpatterns, "otp_webauthn"))),
    path("", views.home, name="home"),
    path("", include("reports.urls")),
    path("benevoles/", include("volunteers.urls")),
    path("seniors/", include("seniors.urls")),
    path("suivi/", include("visits.urls")),
]
