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
