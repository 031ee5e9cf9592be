"""Model URLs are what reverse() gives, for any name a tag or creator may have."""

import pytest
from django.urls import reverse

from ficarchive.works.models import Creator, Tag, Work

NAMES = [
    "Fluff",
    "Willow Rosenberg/Spike",
    "Sherlock Holmes (Character)",
    "Alternate Universe - Coffee Shops & Cafés",
    "100% Fluff?",
    "#hashtag and 50/50",
    "naïve ünïcödé 日本語",
    'quote\'s "double" <angle> {brace} [square] |pipe| \\back',
    "spaces   and\ttabs",
    "plus+equals=semi;colon:at@tilde~",
]


@pytest.mark.parametrize("name", NAMES)
def test_tag_and_creator_urls_match_reverse(name):
    """The precomputed URL of a tag and of a creator is exactly reverse()'s."""
    assert Tag(name=name).get_absolute_url() == reverse("reading:tag", args=[name])
    assert Creator(name=name).get_absolute_url() == reverse("reading:creator", args=[name])


def test_work_url_matches_reverse():
    """A work's URL is reverse()'s."""
    assert Work(pk=12345).get_absolute_url() == reverse("reading:work", args=[12345])
