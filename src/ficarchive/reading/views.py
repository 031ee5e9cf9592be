"""Reading views (first cut: plain text responses until the templates land)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from ficarchive.works.models import Creator, Series, Tag, Work


def front_page(request):
    return HttpResponse("\n".join(w.title for w in Work.objects.all()[:20]), content_type="text/plain")


def work_page(request, work_id):
    return HttpResponse(get_object_or_404(Work, pk=work_id).title, content_type="text/plain")


def chapter_page(request, work_id, position):
    return work_page(request, work_id)


def series_page(request, series_id):
    return HttpResponse(get_object_or_404(Series, pk=series_id).title, content_type="text/plain")


def tag_page(request, name):
    return HttpResponse(get_object_or_404(Tag, name__iexact=name).name, content_type="text/plain")


def creator_page(request, name):
    return HttpResponse(get_object_or_404(Creator, name__iexact=name).name, content_type="text/plain")
