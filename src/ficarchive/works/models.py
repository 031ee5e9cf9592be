"""Works, chapters, series, creators and tags: the archive's system of record (DESIGN.md)."""

from __future__ import annotations

from functools import cache, cached_property
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import get_script_prefix, reverse

# What reverse() leaves unescaped in a path argument (Django's RFC 3986 sub-delimiters and more).
_PATH_SAFE = "!$&'()*+,;=/~:@"
# Stand-ins reversed once in place of a text or a number argument.
_SLOTS = {str: "__ficarchive_slot__", int: 8_642_097_531}


@cache
def _url_around(name: str, prefix: str, kind: type) -> tuple[str, str]:
    """The text before and after the one argument of URL `name` (reversed once, then reused)."""
    slot = _SLOTS[kind]
    before, after = reverse(name, args=[slot]).split(str(slot))
    return before, after


def url_with(name: str, value) -> str:
    """reverse(name, args=[value]) for a URL with one argument, without resolving it each time.

    A page of blurbs links hundreds of tags; reverse() costs tens of microseconds each.
    """
    kind = int if isinstance(value, int) else str
    before, after = _url_around(name, get_script_prefix(), kind)
    return f"{before}{quote(str(value), safe=_PATH_SAFE)}{after}"


class TagType(models.TextChoices):
    FANDOM = "fandom", "Fandom"
    RELATIONSHIP = "relationship", "Relationship"
    CHARACTER = "character", "Character"
    FREEFORM = "freeform", "Additional Tags"
    RATING = "rating", "Rating"
    WARNING = "warning", "Archive Warning"
    CATEGORY = "category", "Category"


FIXED_TAG_TYPES = (TagType.RATING, TagType.WARNING, TagType.CATEGORY)


class Media(models.TextChoices):
    """AO3's media groups, by which /fandoms/ lists fandoms."""

    ANIME = "anime", "Anime & Manga"
    BOOKS = "books", "Books & Literature"
    COMICS = "comics", "Cartoons & Comics & Graphic Novels"
    REAL_PEOPLE = "real-people", "Celebrities & Real People"
    MOVIES = "movies", "Movies"
    MUSIC = "music", "Music & Bands"
    OTHER = "other", "Other Media"
    THEATER = "theater", "Theater"
    TV = "tv", "TV Shows"
    GAMES = "games", "Video Games"
    UNCATEGORIZED = "uncategorized", "Uncategorized Fandoms"


class Tag(models.Model):
    """A tag of one AO3 type; a synonym points at its canonical tag through `synonym_of`."""

    name = models.CharField(max_length=150)
    type = models.CharField(max_length=20, choices=TagType.choices, db_index=True)
    canonical = models.BooleanField(default=False)
    synonym_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="synonyms"
    )
    # Characters and relationships belong to fandoms (AO3's "parent tags").
    fandoms = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="children")
    # A fandom's media (AO3's browse groups); empty → the knowledge base's, or Uncategorized.
    media = models.CharField(max_length=40, blank=True, choices=Media.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with("reading:tag", self.name)


class Creator(models.Model):
    """A pseud. Imported authors exist without an account until they claim their works."""

    name = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pseuds",
    )
    email = models.EmailField(blank=True, help_text="On record for claiming imported works.")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("name"), name="creator_name_unique_ci")]
        # A member's pseuds by their account: most creators of a rescued archive have none,
        # and SQLite's statistics over the whole column then make it walk every creator for
        # "this member's pseuds by name"; an index of the creators with an account is the
        # one it picks for them.
        indexes = [
            models.Index(
                fields=["user"], condition=Q(user__isnull=False), name="creator_user_present"
            )
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with("reading:creator", self.name)


class Series(models.Model):
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    creators = models.ManyToManyField(Creator, blank=True, related_name="series")
    complete = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reading:series", args=[self.pk])


class Permission(models.TextChoices):
    YES = "yes", "Yes"
    ASK = "ask", "Ask first"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class Work(models.Model):
    title = models.CharField(max_length=255)
    creators: models.ManyToManyField[Creator, Authorship] = models.ManyToManyField(
        Creator, through="Authorship", related_name="works"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="works")
    summary = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    end_notes = models.TextField(blank=True)
    language = models.CharField(max_length=16, default="en")
    # Total chapters the author plans; null means unknown (AO3's "?").
    expected_chapters = models.PositiveIntegerField(null=True, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    # Who may see it.
    draft = models.BooleanField(default=False, help_text="Only its creators see a draft.")
    restricted = models.BooleanField(default=False, help_text="Logged-in readers only.")
    hidden_by_staff = models.BooleanField(default=False)
    # Archiving permission (works/services/permission.py holds the rule): a work brought in by
    # someone other than its author, whose author asked to be asked first or said no, is held
    # from the public until she claims it or staff record that she gave permission.
    permission_held = models.BooleanField(
        default=False, db_index=True, help_text="Not public until the author gives permission."
    )
    permission_note = models.TextField(
        blank=True, help_text="How the author's permission to archive was obtained."
    )
    permission_recorded_at = models.DateTimeField(null=True, blank=True)
    permission_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded the permission (empty for the command line).",
    )

    # What legacy headers say that AO3 has no field for.
    disclaimer = models.TextField(blank=True)
    spoilers = models.TextField(blank=True)
    distribution_text = models.TextField(blank=True)
    distribution_archives = models.JSONField(default=list, blank=True)
    distribution_permission = models.CharField(
        max_length=10, choices=Permission.choices, default=Permission.UNKNOWN
    )
    feedback_text = models.TextField(blank=True)
    feedback_wanted = models.BooleanField(null=True, blank=True)
    songs = models.JSONField(default=list, blank=True)  # [{"artist", "title", "album"}]
    extra_fields = models.JSONField(default=dict, blank=True)  # Beta, Dedication, ...

    # Provenance.
    source_name = models.CharField(max_length=500, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The story's words, normalized (case, quotes, spacing, markup): the same story from another
    # file or archive has the same fingerprint whatever its bytes (works.services.fingerprint).
    text_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    # The archivist who brought the work in for its author ("Archived by", as on AO3).
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="works_archived",
    )

    # Counters kept by the feedback services; sort keys for search.
    hits = models.PositiveIntegerField(default=0)
    kudos_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    bookmarks_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [
            ("archive_for_others", "Can upload stories whose header names another author"),
        ]
        # Imports find the work a "Title 2/3" file continues by its title, in any case.
        indexes = [models.Index(Lower("title"), name="work_title_ci")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_with("reading:work", self.pk)

    @property
    def complete(self) -> bool:
        """As many posted chapters as expected (never when the total is unknown)."""
        return self.expected_chapters is not None and self.chapter_count >= self.expected_chapters

    @cached_property
    def chapter_count(self) -> int:
        """Posted chapters: counted once per instance, from prefetched chapters when there are."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("chapters")
        if prefetched is not None:
            return sum(1 for chapter in prefetched if not chapter.draft)
        return self.chapters.filter(draft=False).count()


class Authorship(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE)
    creator = models.ForeignKey(Creator, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["work", "creator"], name="authorship_unique")
        ]

    def __str__(self) -> str:
        return f"creator {self.creator_id} of work {self.work_id}"


class SeriesPart(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="parts")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="series_parts")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "work"], name="seriespart_unique_work"),
        ]

    def __str__(self) -> str:
        return f"part {self.position} of series {self.series_id}"


class Chapter(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    end_notes = models.TextField(blank=True)
    # Sanitized HTML: <p>, <div class="verse">, <hr class="scene-break">, <h2>, inline markup.
    body_html = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    draft = models.BooleanField(default=False)
    # The chapter's own writers when not all of the work's creators wrote it (round robins);
    # empty means the work's creators.
    creators = models.ManyToManyField(Creator, blank=True, related_name="chapters")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["work", "position"], name="chapter_unique_position")
        ]

    def __str__(self) -> str:
        return self.title or f"Chapter {self.position}"

    def get_absolute_url(self) -> str:
        return reverse("reading:chapter", args=[self.work_id, self.position])
