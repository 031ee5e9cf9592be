"""The OpenSearch description that tells reader apps how to search the catalog."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from ficarchive.exports.opds.feedtypes import ACQUISITION_TYPE, OPENSEARCH_TYPE


def opensearch_description(request: HttpRequest) -> HttpResponse:
    """OpenSearch 1.1 description whose template returns an OPDS acquisition feed."""
    search = request.build_absolute_uri(reverse("exports:opds_search"))
    body = render_to_string(
        "exports/opensearch.xml",
        {
            "name": getattr(settings, "FICARCHIVE_SITE_NAME", "ficarchive"),
            "template": f"{search}?q={{searchTerms}}&page={{startPage?}}",
            "type": ACQUISITION_TYPE,
        },
    )
    return HttpResponse(body, content_type=f"{OPENSEARCH_TYPE}; charset=utf-8")
