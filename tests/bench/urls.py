"""The application's URLs plus the benchmark's floor: an authenticated page doing one query.

Used only through tests.bench.settings by the benchmark's gunicorn; the production URLconf
(ccas_visits.urls) does not include it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ccas_visits.urls import urlpatterns as app_urlpatterns
from volunteers.models import Neighbourhood

FLOOR_PATH = "bench/floor/"


def floor(request: HttpRequest) -> HttpResponse:
    """The least a logged-in page costs here: middleware, session, user, one query, a response."""
    return HttpResponse(f"{Neighbourhood.objects.count()}", content_type="text/plain")


urlpatterns = [*app_urlpatterns, path(FLOOR_PATH, floor, name="bench_floor")]
