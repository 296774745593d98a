from django import forms
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from volunteers.models import Volunteer
from volunteers.roles import COORDINATOR, MANAGER, VOLUNTEER


class AccountForm(forms.Form):
    ROLE_CHOICES = [(VOLUNTEER, _("Volunteer")), (COORDINATOR, _("Coordinator")), (MANAGER, _("Manager"))]

    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    volunteer = forms.ModelChoiceField(
        label=_("Volunteer"),
        queryset=Volunteer.objects.filter(user__isnull=True).exclude(status=Volunteer.Status.LEFT),
        required=False,
        help_text=_("Required for a volunteer account: the account sees this volunteer's pairs."),
    )
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Give it to the person by hand; they can change it later."),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") == VOLUNTEER and not data.get("volunteer"):
            self.add_error("volunteer", _("Choose the volunteer this account belongs to."))
        if data.get("password") and data.get("username"):
            try:
                validate_password(
                    data["password"], User(username=data["username"], email=data.get("email", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data

    @transaction.atomic
    def save(self) -> User:
        data = self.cleaned_data
        volunteer = data.get("volunteer") if data["role"] == VOLUNTEER else None
        user = User.objects.create_user(
            data["username"],
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"] or (volunteer.first_name if volunteer else ""),
            last_name=data["last_name"] or (volunteer.last_name if volunteer else ""),
            is_staff=data["role"] == COORDINATOR,
        )
        user.groups.add(Group.objects.get(name=data["role"]))
        if volunteer:
            volunteer.user = user
            volunteer.save(update_fields=["user"])
        return user
