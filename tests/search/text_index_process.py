"""One real process working on an archive's text index, for test_text_index.py.

`python text_index_process.py ACTION [ARGS]`, with FICARCHIVE_DATA (and DATABASE_URL) naming the
archive and FICARCHIVE_TEXT_INDEX its index folder:
- `make FIRST N`: write works FIRST..FIRST+N-1, each with a word of its own, logged as a real
  import logs them;
- `kill-while-indexing K`: catch up, and die by SIGKILL after K works are added, before the
  commit (with 3 works per commit, after the first commit when K > 3);
- `hold`: take the index's writer, print "held", keep it until its standard input closes;
- `documents`: print how many works the index holds, without catching it up;
- `search WORD...`: print JSON {totals per word, notes, documents} as a search sees them.
"""

from __future__ import annotations

import json
import os
import signal
import sys


def word(n: int) -> str:
    """A word only work `n` holds (letters only)."""
    return "quor" + "".join(chr(ord("a") + int(d)) for d in f"{n:04d}") + "vel"


def make(first: int, count: int) -> None:
    from django.db import transaction

    from ficarchive.search.indexing import works_index
    from ficarchive.works.models import Chapter, Work

    for n in range(first, first + count):
        with transaction.atomic():
            work = Work.objects.create(title=f"Lantern {n}", summary=f"The {word(n)} glows.")
            Chapter.objects.create(work=work, position=1, body_html="<p>Night.</p>")
            works_index([work.pk])


def kill_while_indexing(after: int) -> None:
    from ficarchive.search.textindex import follow

    added = {"n": 0}
    real = follow._works_add

    def dying(writer, ids):
        for work_id in ids:
            real(writer, [work_id])
            added["n"] += 1
            if added["n"] >= after:
                os.kill(os.getpid(), signal.SIGKILL)
        return len(ids)

    follow._works_add = dying
    follow.CHANGES_PER_COMMIT = 3
    follow.text_index_catch_up()


def hold() -> None:
    from ficarchive.search.textindex import follow

    writer = follow._writer_take(follow.text_index().index, wait=10)
    print("held" if writer is not None else "busy", flush=True)
    sys.stdin.read()  # however slow the machine, held until the test lets go
    del writer


def search(words: list[str]) -> None:
    from ficarchive.search.query import SearchQuery
    from ficarchive.search.selectors import work_search
    from ficarchive.search.textindex.follow import text_index

    totals, notes = {}, []
    for each in words:
        results = work_search(query=SearchQuery(text=each))
        totals[each] = results.total
        notes += [n for n in results.notes if n not in notes]
    searcher = text_index().searcher()
    print(json.dumps({"totals": totals, "notes": notes, "documents": searcher.num_docs - 1}))


def main() -> int:
    from ficarchive.cli import migrate_if_needed, setup_django

    setup_django()
    migrate_if_needed()
    action, args = sys.argv[1], sys.argv[2:]
    if action == "make":
        make(int(args[0]), int(args[1]))
    elif action == "kill-while-indexing":
        kill_while_indexing(int(args[0]))
    elif action == "hold":
        hold()
    elif action == "documents":
        from ficarchive.search.textindex.follow import text_index

        print(text_index().searcher().num_docs - 1)
    elif action == "search":
        search(args)
    else:
        raise SystemExit(f"unknown action {action!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
