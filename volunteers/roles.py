"""The three roles, as auth Groups, and the checks every view uses."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

COORDINATOR = "coordinator"
VOLUNTEER = "volunteer"
MANAGER = "manager"
ROLES = (COORDINATOR, VOLUNTEER, MANAGER)


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
