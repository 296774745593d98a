"""Who may do what, in one place: the three roles (auth Groups), the model permissions each
role's group holds, and the checks every view uses.

Pages check the role (`role_required`, `RoleRequiredMixin`) and fetch rows through each model's
`visible_to(user)`. Model permissions matter only in the Django admin, which only coordinators
reach (`is_staff`): so the coordinator's group holds the permissions of the programme's models,
but not on the rows the application alone writes (the history of changes, the access log),
and the volunteer's and manager's groups hold none. `sync_roles` makes the groups hold exactly
that after every `migrate`."""

from collections.abc import Callable
from functools import wraps

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

COORDINATOR = "coordinator"
VOLUNTEER = "volunteer"
MANAGER = "manager"
ROLES = (COORDINATOR, VOLUNTEER, MANAGER)

PROGRAMME_APPS = ("volunteers", "seniors", "visits", "reports")
# Rows written by the application alone, never by hand, not even in the admin.
APPLICATION_WRITTEN_MODELS = ("accesslog", "issuedbilan")
HISTORY_MODEL_PREFIX = "historical"  # django-simple-history's tables


def role_permissions(role: str, apps: Apps = global_apps) -> QuerySet:
    """The exact model permissions the group of `role` holds."""
    permission = apps.get_model("auth", "Permission")
    if role != COORDINATOR:
        return permission.objects.none()
    return (
        permission.objects.filter(content_type__app_label__in=PROGRAMME_APPS)
        .exclude(content_type__model__startswith=HISTORY_MODEL_PREFIX)
        .exclude(content_type__model__in=APPLICATION_WRITTEN_MODELS)
    )


def sync_roles(apps: Apps = global_apps, **kwargs) -> None:
    """Create the three groups and give each exactly `role_permissions(role)`.

    Run after every migrate (connected to post_migrate, as Django creates permissions), so a
    model added later is covered and a permission granted by hand in the admin does not stay."""
    for label in PROGRAMME_APPS:  # a model created in this very migrate has its permissions now
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group = apps.get_model("auth", "Group")
    for role in ROLES:
        group.objects.get_or_create(name=role)[0].permissions.set(role_permissions(role, apps))


def role_of(user) -> str | None:
    """The user's role, cached on the user object for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_ccas_role"):
        names = set(user.groups.values_list("name", flat=True))
        user._ccas_role = next((role for role in ROLES if role in names), None)
    return user._ccas_role


def is_coordinator(user) -> bool:
    return role_of(user) == COORDINATOR


def is_volunteer(user) -> bool:
    return role_of(user) == VOLUNTEER


def is_manager(user) -> bool:
    return role_of(user) == MANAGER


def role_required(*roles: str) -> Callable:
    """View decorator: the user must hold one of `roles`, else 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin:
    """Class-based views: set `roles = (COORDINATOR,)`."""

    roles: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if role_of(request.user) not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
