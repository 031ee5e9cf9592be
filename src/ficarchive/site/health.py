"""`/healthz`: the cheapest page the site serves (through every middleware), for load balancers
and as the ceiling a benchmark compares real pages with."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Plain `ok`: the process answers; nothing is read from the database."""
    return HttpResponse("ok\n", content_type="text/plain")
