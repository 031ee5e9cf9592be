"""The provenance record on ParsedWork: where each field came from and how sure the reader is."""

from ficarchive.legacy.model import ParsedWork


def test_more_certain_record_wins():
    """A later, surer record replaces a weaker one; a weaker one never replaces a surer one."""
    work = ParsedWork(source="x")
    work.note_source("title", "subject", 0.5)
    work.note_source("title", "byline", 0.9)
    work.note_source("title", "inferred", 0.2)
    assert work.provenance["title"].source == "byline"
    assert work.provenance["title"].confidence == 0.9


def test_uncertain_fields_least_sure_first():
    """Only fields under the threshold are listed, the least certain first."""
    work = ParsedWork(source="x")
    work.note_source("title", "label", 1.0)
    work.note_source("fandoms", "inferred", 0.3)
    work.note_source("authors", "subject", 0.6)
    assert work.uncertain_fields() == ["fandoms", "authors"]


def test_provenance_in_json_contract():
    """`to_json` carries provenance as {field: {source, confidence}}."""
    work = ParsedWork(source="x")
    work.note_source("rating", "prose", 1.5)
    assert work.to_json()["provenance"] == {"rating": {"source": "prose", "confidence": 1.0}}


def test_field_source_reaches_provenance():
    """A header field's `source` becomes the provenance of the contract fields it fills."""
    from ficarchive.legacy.document import Document, Field
    from ficarchive.legacy.knowledge import load_knowledge
    from ficarchive.legacy.normalize.fields import apply_fields

    work = ParsedWork(source="x")
    fields = [
        Field("title", "title", "Lanterns Over Weir", source="front-matter"),
        Field("rating", "", "PG-13", source="page-title"),
        Field("summary", "Summary", "Two ferrymen argue."),
    ]
    apply_fields(work, fields, Document("plain", [], []), load_knowledge())
    assert work.provenance["title"].source == "front-matter"
    assert work.provenance["rating"].source == "page-title"
    assert work.provenance["rating_original"].source == "page-title"
    assert work.provenance["summary"].source == "label"
    assert "authors" not in work.provenance
