"""django-otp-webauthn's four ceremonies, with this project's rules: only an account that may use
a second factor registers a passkey, the password comes first (no passwordless sign-in), and
every passkey added, passed or failed goes to the access log."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views

from second_factor import services
from second_factor.policy import can_use_second_factor


class NotForThisAccount(exceptions.OTPWebAuthnApiError):
    status_code = 403
    code = "not_for_this_account"
    default_detail = _("This account does not use a second factor.")


NOT_PASSED = _("Prove it is you with your current second factor before adding a passkey.")


class BeginRegistration(views.BeginCredentialRegistrationView):
    messages = {"user_not_verified": NOT_PASSED}

    def check_can_register(self) -> None:
        if not can_use_second_factor(self.request.user):
            raise NotForThisAccount()


class CompleteRegistration(views.CompleteCredentialRegistrationView):
    messages = {"user_not_verified": NOT_PASSED}

    def check_can_register(self) -> None:
        if not can_use_second_factor(self.request.user):
            raise NotForThisAccount()

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        services.record_passkey_added(self.request)
        return response


class BeginAuthentication(views.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device) -> None:
        # Passwordless sign-in is off: the account signed in with its password already.
        services.pass_second_factor(self.request, device)

    def handle_exception(self, exc):
        if self.request.user.is_authenticated and isinstance(exc, exceptions.OTPWebAuthnApiError):
            services.record_failure(self.request.user, services.PASSKEY)
        return super().handle_exception(exc)


urlpatterns = [
    path("enregistrement/debut/", BeginRegistration.as_view(), name="credential-registration-begin"),
    path("enregistrement/fin/", CompleteRegistration.as_view(), name="credential-registration-complete"),
    path("verification/debut/", BeginAuthentication.as_view(), name="credential-authentication-begin"),
    path("verification/fin/", CompleteAuthentication.as_view(), name="credential-authentication-complete"),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
