"""`ficarchive search [QUERY] [--tag T]... [--exclude-tag T]... [--rating R] [--sort S] [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ficarchive.search.query import PER_PAGE, SORTS, SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.search.serialize import results_data


class Command(BaseCommand):
    help = "Search the archive as an anonymous reader would (same filters as /works/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="*", help='words, "phrases", -word, OR, in:text')
        parser.add_argument("--tag", action="append", default=[], help="include a tag (any type)")
        parser.add_argument("--exclude-tag", action="append", default=[], help="exclude a tag")
        parser.add_argument("--rating", action="append", default=[], help="one of the ratings")
        parser.add_argument("--sort", default="best", choices=sorted(SORTS))
        parser.add_argument("--in-text", action="store_true", help="also search the story text")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--per-page", type=int, default=PER_PAGE)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: str, **options: Any) -> None:
        if options["page"] < 1 or not 1 <= options["per_page"] <= 100:
            raise CommandError("--page must be 1 or more and --per-page between 1 and 100")
        query = SearchQuery(
            text=" ".join(options["query"]),
            in_text=options["in_text"],
            tags=tuple(options["tag"]),
            exclude_tags=tuple(options["exclude_tag"]),
            ratings=tuple(options["rating"]),
            sort=options["sort"],
            page=options["page"],
            per_page=options["per_page"],
        )
        data = results_data(work_search(query=query, user=None))
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for note in data["notes"]:
            self.stderr.write(note)
        self.stdout.write(f"{data['total']} works (page {data['page']} of {data['pages']})")
        for work in data["results"]:
            creators = ", ".join(work["creators"]) or "Anonymous"
            self.stdout.write(
                f"{work['id']:>8}  {work['title']} by {creators} ({work['words']} words)"
            )
