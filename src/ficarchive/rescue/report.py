"""The rescue's report: counts, every item's fate and every problem, as JSON and as HTML.

The JSON object is the contract of `ficarchive rescue --json` (`archive`, `counts`, `works`,
`series`, `creators`, `problems`); the HTML page shows the same, one table per kind of
problem, to decide from before a real run.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from django.template.loader import render_to_string

# The order of the report's sections, and what each kind of problem means to an archivist.
KIND_TITLES = {
    "do_not_import": "Not imported at the author's wish",
    "unvalidated_work": "Stories still in the submission queue",
    "chapter_unvalidated": "Chapters still in the queue",
    "external_link": "Stories that are only a link to another site",
    "missing_chapter_text": "Missing chapters",
    "no_chapter_text": "Stories without any text",
    "duplicate_work": "Duplicates",
    "already_in_archive": "Already in ficarchive",
    "held_for_permission": "Held until the author claims them or staff record permission",
    "unmapped_tag": "Tags to map by hand (the CSV)",
    "unknown_rating": "Unknown ratings",
    "email_redacted": "Addresses removed from texts",
    "stale_db_text_ignored": "Old copies in the database, ignored",
    "stale_file_ignored": "Old chapter files, ignored",
    "chapter_file_elsewhere": "Chapter files found in another folder",
    "chapter_text_from_database": "Chapter texts taken from the database",
    "chapter_text_from_file": "Chapter texts taken from files",
    "duplicate_chapter_order": "Chapters sharing a number",
    "unconfirmed_series_entry": "Unconfirmed series entries",
    "nested_series": "Series inside series",
    "series_loop": "Series that hold themselves (a loop): listed once",
    "series_review": "Reviews of whole series",
    "author_without_email": "Authors nobody can notify",
    "penname_is_email": "Pennames that are e-mail addresses",
    "same_person": "Members who are one person",
    "low_confidence": "Fields the story reader was unsure of",
    "image_missing": "Images not among the files (shown as a note with their alt text)",
    "image_elsewhere": "Images another site served (shown as a link, not copied)",
    "dump_truncated": "A dump that ends early",
    "unterminated_quote": "Values whose Perl quote never closes",
    "page_not_linked": "Story pages no index page leads to",
    "no_records": "An Automated Archive database with no readable record",
    "file_not_in_records": "Story files no record of the database names",
    "unknown_table": "Tables that are not the archive's",
    "unsafe_path_refused": "Files refused for safety (unsafe paths, links)",
    "other_install": "Other sites in the same database",
    "favorites_not_imported": "Favorites",
    "table_not_imported": "Site content not carried over",
}
STATUSES = ("created", "updated", "unchanged", "skipped", "failed")


@dataclass
class RescueReport:
    archive: dict
    dry_run: bool = False
    works: list[dict] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    creators: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    extra_counts: dict = field(default_factory=dict)
    unmapped_csv: str = ""
    _problem_keys: set[str] = field(default_factory=set, repr=False)
    _statuses: Counter = field(default_factory=Counter, repr=False)

    def problem_add(self, problem: dict) -> None:
        """Add a problem unless the same one is already listed."""
        key = json.dumps(problem, sort_keys=True, default=str)
        if key not in self._problem_keys:
            self._problem_keys.add(key)
            self.problems.append(problem)

    def work_add(self, entry: dict) -> None:
        """Add one story's fate (`old_id`, `status`, `reason`, `work_id`, `url`, `title`)."""
        self.works.append(entry)
        self._statuses[entry["status"]] += 1

    @property
    def counts(self) -> dict:
        counts = {s: self._statuses.get(s, 0) for s in STATUSES}
        counts["works"] = counts["created"] + counts["updated"] + counts["unchanged"]
        counts["not_imported"] = counts["skipped"]
        counts["series"] = sum(1 for s in self.series if s.get("series_id"))
        counts["creators"] = len(self.creators)
        counts["problems"] = len(self.problems)
        counts.update(self.extra_counts)
        return counts

    def to_json(self) -> dict:
        """The `--json` object."""
        return {
            "archive": self.archive,
            "counts": self.counts,
            "works": self.works,
            "series": self.series,
            "creators": self.creators,
            "problems": self.problems,
        }

    def sections(self) -> list[dict]:
        """Problems grouped by kind, in the report's order, with the id columns they use."""
        kinds = list(KIND_TITLES) + sorted({p["kind"] for p in self.problems} - set(KIND_TITLES))
        out = []
        for kind in kinds:
            rows = [p for p in self.problems if p["kind"] == kind]
            if not rows:
                continue
            columns = sorted({k for p in rows for k in p} - {"kind", "detail"})
            out.append(
                {
                    "kind": kind,
                    "title": KIND_TITLES.get(kind, kind.replace("_", " ").capitalize()),
                    "columns": columns,
                    "rows": [
                        {"cells": [_cell(p.get(c)) for c in columns], "detail": p.get("detail", "")}
                        for p in rows
                    ],
                }
            )
        return out

    def to_html(self) -> str:
        """The report as one HTML page (its own styles, light and dark)."""
        return render_to_string(
            "rescue/report.html",
            {
                "report": self,
                "counts": [
                    (name.replace("_", " ").capitalize(), n) for name, n in self.counts.items()
                ],
                "sections": self.sections(),
                "skipped": [w for w in self.works if w["status"] in ("skipped", "failed")],
            },
        )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
