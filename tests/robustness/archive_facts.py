"""Print, as one JSON object, what test_import_crashes.py checks in an archive another process
wrote: `python archive_facts.py WORD...` (the database comes from the environment)."""

from __future__ import annotations

import json
import sys


def main() -> int:
    from ficarchive.cli import setup_django

    setup_django()
    from ficarchive.importing.models import SUCCESSFUL, ImportRecord, ImportStatus
    from ficarchive.search.models import IndexPending
    from ficarchive.search.query import SearchQuery
    from ficarchive.search.selectors import work_search
    from ficarchive.works.models import Work

    words = sys.argv[1:]
    facts = {
        "works": Work.objects.count(),
        "found": {w: work_search(query=SearchQuery(text=w)).total for w in words},
        "successful_records": ImportRecord.objects.filter(status__in=SUCCESSFUL).count(),
        "failed_records": list(
            ImportRecord.objects.filter(status=ImportStatus.FAILED).values_list("source", "error")
        ),
        "pending": IndexPending.objects.count(),
    }
    print(json.dumps(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
