"""The page's "Rester connecté": a request that restarts the session's idle clock."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from volunteers.middleware import idle_limit, start_idle_clock


@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """Signed in (LoginRequiredMiddleware): the session lasts its whole idle limit again."""
    start_idle_clock(request, request.user)
    return JsonResponse({"idle_seconds": idle_limit(request.user)})
