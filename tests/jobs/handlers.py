"""Job handlers for the tests: small, real pieces of work."""

from ficarchive.works.models import Tag


def count_to(job, progress) -> dict:
    """Counts to params["n"], reporting progress, and leaves a tag behind as proof it ran."""
    n = int(job.params["n"])
    progress.phase("counting", total=n)
    for i in range(1, n + 1):
        progress(i, counts={"counted": i})
    progress.save()
    Tag.objects.create(name=f"counted to {n}", type="freeform")
    return {"counted": n}


def fail(job, progress) -> None:
    raise RuntimeError("the lantern went out")


CHORE_CALLS: list[str] = []


def chore_tick() -> None:
    """A chore that notes each time it runs."""
    CHORE_CALLS.append("tick")


def chore_broken() -> None:
    raise RuntimeError("the bellows split")
