"""The contract every search backend is held to; subclassed once per backend (see test_contract.py).

Each subclass sets `backend_path`; the tests build a small archive, index it, and search through that
backend as anonymous, logged-in and staff readers.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from tests.cpu_time import cpu_seconds
from tests.factories import indexed, tag, work_row

from ficarchive.search.backends import search_backend
from ficarchive.search.query import SORTS, SearchQuery
from ficarchive.search.textquery import MAX_TERMS

HOSTILE_QUERIES = [
    '"unbalanced phrase',
    'dragon "',
    '"',
    '""',
    "OR",
    "OR OR dragon",
    "dragon OR",
    "-",
    "- - -",
    "-dragon",
    "AND NOT NEAR(dragon sea, 2)",
    "title:dragon",
    "{title}: dragon",
    "dragon*",
    "^dragon",
    "dragon + sea",
    "(dragon",
    "dragon)",
    "'; DROP TABLE works_work; --",
    '\\"dragon\\"',
    "in:text",
    "%_%",
    "\x00dragon",
    "ドラゴン",
    "dragon " * 2000,
    "x" * 10_000,
    '"' * 5001,
    "-" * 10_000,
]


@pytest.mark.django_db
class SearchContract:
    backend_path: str = ""

    @pytest.fixture(autouse=True)
    def _use_backend(self, settings):
        settings.FICARCHIVE_SEARCH_BACKEND = self.backend_path

    def search(self, user=None, **fields):
        return search_backend(self.backend_path).search(SearchQuery(**fields), user=user)

    def titles(self, user=None, **fields) -> list[str]:
        results = self.search(user=user, **fields)
        return [w.title for w in results[0 : results.total]]

    def found(self, user=None, **fields) -> set[str]:
        return set(self.titles(user=user, **fields))

    # ---- text -----------------------------------------------------------------------------------

    def test_words_match_title_summary_notes_tags_and_creators(self):
        """A word is found in the title, summary, notes, tags and creator names."""
        indexed(
            work_row("Harbour Lights", summary="nothing here"),
            work_row("Plain", summary="The harbour at dusk."),
            work_row("Noted", notes="Written by the harbour."),
            work_row("Tagged", tags=(tag("Harbour Town"),)),
            work_row("Pseud", creator="harbourmaster"),
            work_row("Elsewhere", summary="A desert."),
        )
        assert self.found(text="harbour") == {"Harbour Lights", "Plain", "Noted", "Tagged"}
        assert self.found(text="harbourmaster") == {"Pseud"}

    def test_story_text_is_searched_only_when_asked(self):
        """Words only in a chapter are found with in:text or the checkbox, not otherwise."""
        indexed(
            work_row("Quiet", body="The lighthouse keeper sang."),
            work_row("Other", body="Nothing."),
        )
        assert self.found(text="lighthouse") == set()
        assert self.found(text="lighthouse in:text") == {"Quiet"}
        assert self.found(text="lighthouse", in_text=True) == {"Quiet"}

    def test_all_words_must_match_and_stems_match(self):
        """Every word must match somewhere, and plural or -ing forms find each other."""
        indexed(
            work_row("Stolen Kisses", summary="By the river."),
            work_row("A Kiss", summary="In the city."),
            work_row("River Song"),
        )
        assert self.found(text="kissing river") == {"Stolen Kisses"}
        assert self.found(text="kiss") == {"Stolen Kisses", "A Kiss"}

    def test_quoted_phrase_needs_the_words_in_order(self):
        """A quoted phrase matches only the words side by side, in order."""
        indexed(work_row("Blue Moon Rising"), work_row("The Moon Was Blue"))
        assert self.found(text='"blue moon"') == {"Blue Moon Rising"}
        assert self.found(text="blue moon") == {"Blue Moon Rising", "The Moon Was Blue"}

    def test_minus_excludes_and_works_alone(self):
        """`-word` removes works with the word; a query of only exclusions lists all others."""
        indexed(work_row("Snow Day"), work_row("Snow Night"), work_row("Rain Day"))
        assert self.found(text="day -snow") == {"Rain Day"}
        assert self.found(text='-"snow night"') == {"Snow Day", "Rain Day"}
        assert self.found(text="-snow") == {"Rain Day"}

    def test_or_matches_either(self):
        """`a OR b` matches works with either word, still ANDed with the rest."""
        indexed(work_row("Cats at Sea"), work_row("Dogs at Sea"), work_row("Cats on Land"))
        assert self.found(text="cats OR dogs sea") == {"Cats at Sea", "Dogs at Sea"}

    @pytest.mark.parametrize("raw", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
    def test_any_query_string_gives_results_or_a_note(self, raw):
        """Malformed, huge or engine-syntax queries return results (possibly none), never raise."""
        indexed(work_row("Dragon by the Sea", summary="A dragon sleeps by the sea."))
        results = self.search(text=raw)
        assert results.total >= 0
        assert isinstance(results[0:20], list)
        assert isinstance(results.facets, dict)

    def test_repairs_are_explained(self):
        """An unbalanced quote still searches and says it was closed; long queries are cut."""
        indexed(work_row("Dragon by the Sea"))
        results = self.search(text='"dragon by')
        assert results.total == 1
        assert any("quote" in n for n in results.notes)
        long = self.search(text="dragon " + "sea " * (MAX_TERMS + 5))
        assert long.total == 1
        assert any("shortened" in n for n in long.notes)

    def test_engine_syntax_is_taken_as_words(self):
        """Characters that mean something to the engine are treated as plain separators."""
        indexed(work_row("Dragon by the Sea"), work_row("Sea Glass"))
        assert self.found(text="dragon* (sea^") == {"Dragon by the Sea"}
        assert self.found(text="sea: {dragon}") == {"Dragon by the Sea"}

    def test_highlights_mark_matches_and_escape_html(self):
        """Highlights wrap the matched words in <mark> and never pass the work's text as markup."""
        indexed(work_row("<b>Bold</b> Tide", summary="A tide & a storm <script>alert(1)</script>"))
        [result] = self.search(text="tide storm")[0:1]
        joined = " ".join(result.search_highlights)
        assert "<mark>" in joined
        assert "&amp;" in joined
        assert "<b>" not in joined
        assert "<script" not in joined

    def test_best_match_ranks_title_matches_first(self):
        """With best match, a title match outranks a passing mention in the notes."""
        indexed(
            work_row("An Ordinary Day", notes="Mentions a falcon once."),
            work_row("The Falcon", days=-10),
        )
        assert self.titles(text="falcon", sort="best") == ["The Falcon", "An Ordinary Day"]

    def test_best_match_pages_cover_every_match_once(self):
        """Paging through best-match results visits every match once, title matches first."""
        made = indexed(
            *[work_row(f"Owl {n}") for n in range(3)],
            *[work_row(f"Story {n}", summary="an owl " * (n + 1)) for n in range(4)],
            work_row("Unrelated"),
        )
        seen = []
        for page in range(1, 6):
            seen += [w.title for w in self.search(text="owl", page=page, per_page=2).page()]
        assert sorted(seen) == sorted(w.title for w in made if w.title != "Unrelated")
        assert {t for t in seen[:3]} == {"Owl 0", "Owl 1", "Owl 2"}

    # ---- filters --------------------------------------------------------------------------------

    def test_tag_include_exclude_and_synonyms(self):
        """Included tags all apply, excluded ones remove, and a synonym stands for its canonical."""
        holmes = tag("Sherlock Holmes", "character")
        sherlock = tag("Sherlock", "character", synonym_of=holmes)
        watson = tag("John Watson", "character")
        fluff = tag("Fluff")
        indexed(
            work_row("Both", tags=(holmes, watson)),
            work_row("Synonym Only", tags=(sherlock,)),
            work_row("Fluffy Holmes", tags=(holmes, fluff)),
            work_row("Watson Alone", tags=(watson,)),
        )
        assert self.found(tags=("Sherlock",)) == {"Both", "Synonym Only", "Fluffy Holmes"}
        assert self.found(tags=("sherlock holmes",)) == {"Both", "Synonym Only", "Fluffy Holmes"}
        assert self.found(tags=("Sherlock Holmes", "John Watson")) == {"Both"}
        assert self.found(tags=("Sherlock",), exclude_tags=("Fluff",)) == {"Both", "Synonym Only"}
        assert self.found(exclude_tags=("Sherlock",)) == {"Watson Alone"}

    def test_unknown_tags_are_reported(self):
        """A tag nobody has is reported by name; including it matches nothing."""
        indexed(work_row("Anything", tags=(tag("Real Tag"),)))
        results = self.search(tags=("No Such Tag",), exclude_tags=("Also Missing",))
        assert results.total == 0
        assert results.unknown_tags == ["No Such Tag", "Also Missing"]
        assert any("No Such Tag" in note for note in results.notes)

    def test_rating_warning_category_and_fandom_filters(self):
        """Any chosen rating may match; warnings, categories and fandoms must all match."""
        general = tag("General Audiences", "rating")
        explicit = tag("Explicit", "rating")
        mature = tag("Mature", "rating")
        death = tag("Major Character Death", "warning")
        gen = tag("Gen", "category")
        who = tag("Doctor Who", "fandom")
        indexed(
            work_row("G", tags=(general, gen, who)),
            work_row("E", tags=(explicit, death, who)),
            work_row("M", tags=(mature, death)),
        )
        assert self.found(ratings=("General Audiences", "Explicit")) == {"G", "E"}
        assert self.found(warnings=("Major Character Death",)) == {"E", "M"}
        assert self.found(categories=("Gen",), fandoms=("Doctor Who",)) == {"G"}
        assert self.found(fandoms=("Doctor Who",), warnings=("Major Character Death",)) == {"E"}

    def test_completion_chapters_crossover_language(self):
        """Complete / in progress, single chapter, crossover and language each filter."""
        a, b = tag("Fandom A", "fandom"), tag("Fandom B", "fandom")
        indexed(
            work_row("Oneshot", expected=1, chapters=1, tags=(a,)),
            work_row("Finished Epic", expected=3, chapters=3, tags=(a, b)),
            work_row("Ongoing", expected=None, chapters=2, tags=(b,), language="fr"),
        )
        assert self.found(complete=True) == {"Oneshot", "Finished Epic"}
        assert self.found(complete=False) == {"Ongoing"}
        assert self.found(single_chapter=True) == {"Oneshot"}
        assert self.found(crossover=True) == {"Finished Epic"}
        assert self.found(crossover=False) == {"Oneshot", "Ongoing"}
        assert self.found(language="fr") == {"Ongoing"}

    def test_word_and_date_ranges(self):
        """Word counts and update dates filter inclusively."""
        indexed(
            work_row("Short", words=500, days=1),
            work_row("Medium", words=5000, days=40),
            work_row("Long", words=50000, days=400),
        )
        assert self.found(words_from=500, words_to=5000) == {"Short", "Medium"}
        assert self.found(words_from=5001) == {"Long"}
        assert self.found(date_from=date(2020, 2, 10), date_to=date(2020, 2, 10)) == {"Medium"}
        assert self.found(date_to=date(2020, 1, 2)) == {"Short"}

    # ---- sorting and paging -----------------------------------------------------------------------

    @pytest.mark.parametrize("sort", [s for s in SORTS if s != "best"])
    def test_every_sort_orders_the_results(self, sort):
        """Each sort orders by its field (numbers and dates descending, names ascending)."""
        indexed(
            work_row(
                "beta",
                creator="Zed",
                words=10,
                kudos=3,
                hits=30,
                comments=1,
                bookmarks=9,
                days=5,
                posted_days=1,
            ),
            work_row(
                "Alpha",
                creator="yara",
                words=30,
                kudos=1,
                hits=10,
                comments=3,
                bookmarks=7,
                days=3,
                posted_days=3,
            ),
            work_row(
                "gamma",
                creator="Xena",
                words=20,
                kudos=2,
                hits=20,
                comments=2,
                bookmarks=8,
                days=1,
                posted_days=2,
            ),
        )
        expected = {
            "updated": ["beta", "Alpha", "gamma"],
            "posted": ["Alpha", "gamma", "beta"],
            "words": ["Alpha", "gamma", "beta"],
            "kudos": ["beta", "gamma", "Alpha"],
            "hits": ["beta", "gamma", "Alpha"],
            "comments": ["Alpha", "gamma", "beta"],
            "bookmarks": ["beta", "gamma", "Alpha"],
            "title": ["Alpha", "beta", "gamma"],
            "creator": ["gamma", "Alpha", "beta"],
        }[sort]
        assert self.titles(sort=sort) == expected

    def test_pages_cover_every_result_once_in_order(self):
        """Walking the pages (ties included) visits each work exactly once, in sort order."""
        made = indexed(
            *[work_row(f"W{n:03}", kudos=n % 7, tags=(tag("Common"),)) for n in range(57)]
        )
        seen = []
        for page in range(1, 5):
            results = self.search(tags=("Common",), sort="kudos", page=page, per_page=20)
            seen += [w.pk for w in results.page()]
        expected = sorted(made, key=lambda w: (-w.kudos_count, -w.pk))
        assert seen == [w.pk for w in expected]

    # ---- facets ---------------------------------------------------------------------------------

    def test_facets_count_tags_within_the_results(self):
        """Facet counts are per canonical tag among the matching works, most used first."""
        holmes = tag("Sherlock Holmes", "character")
        sherlock = tag("Sherlock", "character", synonym_of=holmes)
        watson = tag("John Watson", "character")
        case = tag("Casefic")
        indexed(
            work_row("One", tags=(holmes, watson, case)),
            work_row("Two", tags=(sherlock, case)),
            work_row("Three", tags=(holmes, sherlock)),
            work_row("Four", tags=(watson,)),
        )
        facets = self.search(tags=("Casefic",)).facets
        assert [(f.name, f.count) for f in facets["character"]] == [
            ("Sherlock Holmes", 2),
            ("John Watson", 1),
        ]
        everything = self.search().facets
        assert [(f.name, f.count) for f in everything["character"]] == [
            ("Sherlock Holmes", 3),
            ("John Watson", 2),
        ]
        assert [(f.name, f.count) for f in everything["freeform"]] == [("Casefic", 2)]

    # ---- who may see what -----------------------------------------------------------------------

    def test_visibility_in_results_and_facets(self):
        """Restricted works need a login; drafts and hidden works show only to their creator/staff."""
        secret = tag("Secret Tag")
        model = get_user_model()
        author = model.objects.create_user("author", password="x-pass-12345")
        reader = model.objects.create_user("reader", password="x-pass-12345")
        staff = model.objects.create_user("staff", password="x-pass-12345", is_staff=True)
        indexed(
            work_row("Open", tags=(secret,)),
            work_row("Members Only", restricted=True, tags=(secret,)),
            work_row("Unposted", draft=True, creator="author-pseud", user=author, tags=(secret,)),
            work_row("Taken Down", hidden=True, tags=(secret,)),
        )
        assert self.found() == {"Open"}
        assert self.found(user=reader) == {"Open", "Members Only"}
        assert self.found(user=author) == {"Open", "Members Only", "Unposted"}
        assert self.found(user=staff) == {"Open", "Members Only", "Unposted", "Taken Down"}
        assert self.search().facets["freeform"][0].count == 1
        assert self.search(user=staff).facets["freeform"][0].count == 4
        assert self.found(text="unposted") == set()

    # ---- bounded cost ---------------------------------------------------------------------------

    def test_many_phrases_in_long_texts_answer_within_a_second(self):
        """32 quoted phrases over 200,000-word chapters: capped with a note, answered in < 1 s of
        CPU time (this process's and the database server's)."""
        body = " ".join(f"the keeper{n % 997} sang of harbour lights" for n in range(28_600))
        indexed(
            *[work_row(f"Long Night {n}", body=body, summary="keeper and lights") for n in range(3)]
        )
        raw = " ".join(f'"keeper{n} sang"' for n in range(32))
        # The bitmap index is read, and a text index that follows the change log takes the works
        # in (the indexing a search never does), before the clock starts.
        assert self.search(text="lights").total == 3
        started = cpu_seconds()  # CPU time here and in the database server: not the machine's load
        results = self.search(text=raw, in_text=True)
        total, page, facets = results.total, results.page(), results.facets
        assert cpu_seconds() - started < 1.0
        assert total == 3
        assert len(page) == 3
        assert isinstance(facets, dict)
        assert any("quoted phrases" in note for note in results.notes)

    def test_a_match_deep_in_a_long_chapter_is_highlighted(self):
        """Highlights find a match 25,000 words into a chapter (only an excerpt is marked)."""
        body = "quiet sea " * 12_500 + "the lantern burned " + "quiet sea " * 60_000
        indexed(work_row("Deep", body=body))
        [result] = self.search(text="lantern", in_text=True)[0:1]
        joined = " ".join(result.search_highlights)
        assert "<mark>lantern</mark>" in joined
        assert len(joined) < 5000
