"""The site's `{% url %}` (remembered answers) prints what Django's tag prints, in every form."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, Template
from django.urls import NoReverseMatch, reverse

from ficarchive.site import url_tag

# Django's own engine, without the site's builtin: the tag as Django ships it.
DJANGO = Engine(libraries={}, builtins=[])

FORMS = [
    "{% url 'search:works' %}",
    "{% url 'reading:tag' name %}",
    "{% url 'reading:tag' name=name %}",
    "{% url 'reading:work' number %}",
    "{% url 'reading:chapter' number 2 %}",
    "{% url 'reading:tag' name as link %}[{{ link }}]",
    "{% url 'no:such' as link %}[{{ link }}]",
]
VALUES = {"name": "Tea & <Biscuits>/Cake ?", "number": 42}


@pytest.mark.parametrize("source", FORMS)
def test_same_output_as_djangos_tag(source):
    site = Template(source)  # the default engine: the site's builtin
    for _ in range(2):  # the second answer comes from memory
        assert site.render(Context(VALUES)) == DJANGO.from_string(source).render(Context(VALUES))


def test_unknown_names_raise_as_djangos_tag_does():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no:such' %}").render(Context({}))


def test_answers_are_remembered_within_a_bound():
    url_tag._reverse.cache_clear()
    Template("{% url 'search:works' %}{% url 'search:works' %}").render(Context({}))
    info = url_tag._reverse.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert info.maxsize == url_tag.REMEMBERED
    assert url_tag.url_reverse("search:works", [], {}, None) == reverse("search:works")
