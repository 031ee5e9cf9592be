"""The cards cache keeps objects as given, forgets the least recently read first, and honours
Django's cache contract where the site uses it."""

from __future__ import annotations

from ficarchive.search.object_cache import ObjectCache


def make(entries: int = 3) -> ObjectCache:
    return ObjectCache("test", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": entries}})


def test_values_come_back_as_the_same_objects():
    """No copy on the way in or out: a page of cards costs no unpickling."""
    cache = make()
    card = {"title": "Lanterns", "tags": ["Harbour"]}
    cache.set_many({"a": card, "b": "<li>blurb</li>"})
    found = cache.get_many(["a", "b", "missing"])
    assert found["a"] is card
    assert found == {"a": card, "b": "<li>blurb</li>"}


def test_the_least_recently_read_entry_goes_first_when_full():
    """Reading an entry keeps it; the one read longest ago is dropped for a new one."""
    cache = make(entries=2)
    cache.set("old", 1)
    cache.set("newer", 2)
    assert cache.get("old") == 1
    cache.set("newest", 3)
    assert cache.get_many(["old", "newer", "newest"]) == {"old": 1, "newest": 3}


def test_add_delete_touch_clear_and_timeouts():
    """add keeps what is there, delete and clear forget, a zero timeout stores nothing lasting."""
    cache = make()
    assert cache.add("k", "first")
    assert not cache.add("k", "second")
    assert cache.get("k") == "first"
    assert cache.has_key("k")
    assert cache.touch("k")
    assert cache.delete("k")
    assert not cache.delete("k")
    cache.set("gone", "x", timeout=0)
    assert cache.get("gone", "default") == "default"
    cache.set("k", None)
    assert cache.get("k", "default") is None
    cache.clear()
    assert cache.get_many(["k"]) == {}
