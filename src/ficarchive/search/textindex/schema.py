"""What the text index holds and how its words are made.

One document per work: the same six fields as the database backends (title, creators, tags,
summary, notes, story text), cut into words and stemmed like FTS5's `porter unicode61
remove_diacritics` (letters and digits, lower case, accents folded, English stems), with word
positions for phrases. Nothing is stored but the work id, the work's tag ids (so a query can be
narrowed to a tag inside the engine) and a digest of its text (so `reindex --check` can tell a
stale document). One extra document, id 0, holds the cursor: the last change of the database's
change log that the index has taken in, committed atomically with the changes themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import tantivy
from django.conf import settings

from ficarchive.search.documents import WorkDocument

# A new version is a new folder: the old one is left behind and the new one built from the log.
SCHEMA_VERSION = 1
TOKENIZER = "ficarchive"
META_FIELDS = ("title", "creators", "tags", "summary", "notes")
TEXT_FIELDS = (*META_FIELDS, "body")
# Relevance weight per field, as the FTS5 backend's bm25 weights: a title match counts most.
WEIGHTS = {"title": 10.0, "creators": 6.0, "tags": 4.0, "summary": 2.0, "notes": 1.0, "body": 1.0}
CURSOR_ID = 0
# Longer "words" (encoded blobs, runs of one letter) are left out of the index.
LONGEST_WORD_BYTES = 128
IN_MEMORY = ":memory:"


def text_analyzer() -> tantivy.TextAnalyzer:
    """Words as the index cuts them: letters and digits, lower case, accents folded, stemmed."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(LONGEST_WORD_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def text_schema() -> tantivy.Schema:
    """The index's fields (see the module's docstring)."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    builder.add_unsigned_field("tag", indexed=True)
    builder.add_unsigned_field("digest", fast=True)
    builder.add_text_field("cursor", stored=True, tokenizer_name="raw")
    return builder.build()


def index_location() -> str:
    """Where the index lives: `FICARCHIVE_TEXT_INDEX` (a folder, or ":memory:" for one process
    only, as the tests use), by default `text-index-v<N>` in the data folder."""
    configured = str(getattr(settings, "FICARCHIVE_TEXT_INDEX", "") or "")
    if configured == IN_MEMORY:
        return IN_MEMORY
    base = Path(configured) if configured else Path(settings.DATA_DIR) / "text-index"
    return str(base.parent / f"{base.name}-v{SCHEMA_VERSION}")


def document_digest(document: WorkDocument) -> int:
    """A 63-bit digest of a work's searchable text (equal text, equal digest)."""
    parts = (document.title, document.creators, document.tags, document.summary, document.notes)
    text = "\x1f".join((*parts, document.body)).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") >> 1


def work_document(document: WorkDocument, tag_ids: Sequence[int]) -> tantivy.Document:
    """The index's document for one work."""
    made = tantivy.Document()
    made.add_unsigned("id", document.id)
    for name in TEXT_FIELDS:
        text = getattr(document, name)
        if text:
            made.add_text(name, text)
    for tag_id in tag_ids:
        made.add_unsigned("tag", tag_id)
    made.add_unsigned("digest", document_digest(document))
    return made
