"""One rescue run over one archive: each story's fate, its writing, then series, members and
the report. `services.rescue_run` opens the archive and runs this."""

from __future__ import annotations

import re
import time

from django.db import transaction
from django.utils.text import slugify

from ficarchive.rescue.links import OldSite
from ficarchive.rescue.mapping import MappedWork, Mapper
from ficarchive.rescue.models import ItemKind, ItemStatus, RescuedArchive, RescueItem
from ficarchive.rescue.options import RescueOptions, RescueProgress
from ficarchive.rescue.redirects import old_hosts
from ficarchive.rescue.report import RescueReport
from ficarchive.rescue.source import ArchiveSource, Problem, Story
from ficarchive.rescue.tag_map import unmapped_csv
from ficarchive.rescue.triage import story_triage
from ficarchive.rescue.writing import ArchiveWriter, display_name, usable_email, work_hash
from ficarchive.works.models import Work
from ficarchive.works.services import text_fingerprint


def _slug_for(name: str, given: str | None) -> str:
    slug = slugify(given or name)[:100] or "archive"
    return re.sub(r"-+", "-", slug).strip("-") or "archive"


class RescueRun:
    """One run over one archive (see `rescue_run`)."""

    def __init__(self, source: ArchiveSource, options: RescueOptions, progress=None) -> None:
        self.source = source
        self.options = options
        self.progress = progress
        self.started = time.monotonic()
        info = source.info
        old_url = options.old_url or info.url
        self.slug = _slug_for(info.name, options.slug)
        self.site = OldSite(self.slug, old_url)
        self.report = RescueReport(
            archive={
                "name": info.name,
                "software": info.software,
                "version": info.version,
                "slug": self.slug,
                "old_url": old_url,
            },
            dry_run=options.dry_run,
        )
        self.members = source.members()
        self.authors = source.author_ids()
        self.archive = self._archive(old_url)
        self.dni = options.do_not_import
        self.writer = None
        if not options.dry_run:
            writable = {m for m in self.authors if not self._member_refused(m)}
            self.writer = ArchiveWriter(self.archive, self.members, writable)
        fandoms = [options.fandom] if options.fandom else getattr(source, "default_fandoms", [])
        self.mapper = Mapper(
            site=self.site,
            tag_map=options.tag_map,
            members=self.members,
            language=info.language,
            default_fandoms=fandoms,
            image_present=self._image_present,
        )
        self._image_bytes: dict[str, bytes | None] = {}  # the current story's images, by path
        self.seen: dict[tuple, str] = {}
        self.counts = {"chapters": 0, "comments": 0, "comment_replies": 0, "rating_only_reviews": 0}
        self.kept_members: set[str] = set()

    def _archive(self, old_url: str) -> RescuedArchive:
        info = self.source.info
        fields = {
            "name": info.name[:255],
            "software": info.software,
            "version": info.version[:20],
            "old_url": old_url[:500],
            "old_host": self.site.host[:255],
            "old_path": self.site.path[:500],
        }
        if self.options.dry_run:
            found = RescuedArchive.objects.filter(slug=self.slug).first()
            return found or RescuedArchive(slug=self.slug, **fields)
        archive, _ = RescuedArchive.objects.update_or_create(slug=self.slug, defaults=fields)
        old_hosts.forget()
        return archive

    def _member_refused(self, member_id: str) -> bool:
        member = self.members.get(member_id)
        return self.dni.member(
            member_id, member.name if member else "", member.email if member else ""
        )

    def _tell(self, phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            counts = self.report.counts
            self.progress(RescueProgress(phase, done, total, counts, self.started))

    # Stories ------------------------------------------------------------------------------------

    def _work_entry(self, story: Story, status: str, reason: str = "", work: Work | None = None):
        self.report.work_add(
            {
                "old_id": _plain_id(story.old_id),
                "status": status,
                "reason": reason,
                "work_id": work.pk if work is not None else None,
                "url": work.get_absolute_url() if work is not None else None,
                "title": story.title,
            }
        )

    def _not_imported(self, story: Story, status: str, reason: str, problem: Problem, work=None):
        self.report.problem_add(problem.to_json())
        self._work_entry(story, "skipped", reason, work)
        if self.writer is not None:
            item_status = {"gone": ItemStatus.GONE, "linked": ItemStatus.LINKED}.get(
                status, ItemStatus.SKIPPED
            )
            if self.writer.work_not_imported(story, item_status, reason, work):
                detail = "the work an earlier run made of it was removed at its author's wish"
                self.report.problem_add(Problem("removed", detail, story.ids).to_json())

    def _duplicate(self, story: Story, mapped: MappedWork) -> bool:
        """Leave out the same story posted twice, or one ficarchive already holds."""
        fingerprint = text_fingerprint(c.html or "" for c in mapped.parsed.chapters)
        key = (story.owner_id, " ".join(story.title.casefold().split()), fingerprint)
        first = self.seen.get(key)
        if first is not None:
            item = RescueItem.objects.filter(
                archive__slug=self.slug, kind=ItemKind.WORK, old_id=first
            ).first()
            problem = Problem(
                "duplicate_work",
                f"same author, same title, same chapter text as {_label(story)} {first}",
                {**story.ids, "duplicate_of": _plain_id(first)},
            )
            self._not_imported(story, "linked", "duplicate", problem, item.work if item else None)
            return True
        self.seen[key] = story.old_id
        existing = (
            Work.objects.filter(text_fingerprint=fingerprint)
            .exclude(rescue_items__archive__slug=self.slug)
            .order_by("id")
            .first()
        )
        if fingerprint and existing is not None:
            problem = Problem(
                "already_in_archive",
                f"the same text is already work {existing.pk} ({existing.title}): linked to it",
                {**story.ids, "work_id": existing.pk},
            )
            self._not_imported(story, "linked", "already_in_archive", problem, existing)
            return True
        return False

    def _reviews(self, story: Story) -> list:
        kept = []
        for review in story.reviews:
            if review.rating_only:
                self.counts["rating_only_reviews"] += 1
                continue
            if review.member_id and self._member_refused(review.member_id):
                continue
            kept.append(review)
        return kept

    def story(self, story: Story) -> None:
        self._image_bytes.clear()
        for problem in story.problems:
            self.report.problem_add(problem.to_json())
        decision = story_triage(story, dni=self.dni, members=self.members, site=self.site)
        if decision is not None:
            self._not_imported(story, decision.status, decision.reason, decision.problem)
            return
        try:
            mapped = self.mapper.work(story)
        except ValueError as exc:
            problem = Problem("no_chapter_text", str(exc), story.ids)
            self._not_imported(story, "skipped", "no_chapter_text", problem)
            return
        self._mapping_problems_report(story, mapped)
        if self._duplicate(story, mapped):
            return
        self._reading_problems_report(story, mapped)
        reviews = self._reviews(story)
        self.counts["chapters"] += len(mapped.parsed.chapters)
        self.counts["comments"] += len(reviews)
        self.counts["comment_replies"] += sum(1 for r in reviews if r.response_html)
        self.kept_members.update(mapped.member_ids)
        self.kept_members.update(m for m in mapped.chapter_member_ids if m)
        images = self._images(story, mapped)
        if self.writer is None:
            self._dry_status(story, mapped, reviews)
            return
        try:
            result = self.writer.work_write(story, mapped, reviews, images)
        except Exception as exc:  # one story's failure never stops the others
            self.writer.creators.forget_unsaved()
            problem = Problem("failed", f"{type(exc).__name__}: {exc}", story.ids)
            self.report.problem_add(problem.to_json())
            self._work_entry(story, "failed", "error")
            return
        self._work_entry(story, result.status, "", result.work)

    def _mapping_problems_report(self, story: Story, mapped: MappedWork) -> None:
        """The mapper's problems, and writers who are not among the archive's members."""
        for problem in mapped.problems:
            self.report.problem_add(problem.to_json())
        for member_id in mapped.member_ids:
            if member_id not in self.members:
                detail = (
                    f"member {member_id} is not among the archive's members: shown as Anonymous"
                )
                self.report.problem_add(
                    Problem("unknown_member", detail, {**story.ids, "member": member_id}).to_json()
                )

    def _reading_problems_report(self, story: Story, mapped: MappedWork) -> None:
        """Fields the legacy reader was unsure of, and a hold for the author's permission."""
        if story.parsed is not None:
            for name in story.parsed.uncertain_fields():
                detail = f"{name}: read from {story.parsed.provenance[name].source}"
                self.report.problem_add(
                    Problem("low_confidence", detail, {**story.ids, "field": name}).to_json()
                )
        wish = mapped.parsed.distribution.permission
        if wish in ("ask", "no"):
            detail = (
                f"the author's archiving wish is '{wish}': not public until she claims it or "
                "staff record permission"
            )
            self.report.problem_add(Problem("held_for_permission", detail, story.ids).to_json())

    def _image_present(self, path: str) -> bool:
        """Whether the archive's files hold the image at `path` (read once, kept for `_images`)."""
        if path not in self._image_bytes:
            self._image_bytes[path] = self.source.file(path)
        return self._image_bytes[path] is not None

    def _images(self, story: Story, mapped: MappedWork) -> dict[str, bytes]:
        """The bytes of every image the chapters show (the mapper showed the missing ones as
        notes and reported them)."""
        images = {}
        for path in mapped.images:
            data = self._image_bytes.get(path) or self.source.file(path)
            if data is not None:
                images[path] = data
        return images

    def _dry_status(self, story: Story, mapped: MappedWork, reviews) -> None:
        item = None
        if self.archive.pk:
            item = (
                RescueItem.objects.filter(
                    archive=self.archive, kind=ItemKind.WORK, old_id=story.old_id
                )
                .select_related("work")
                .first()
            )
        if item is None or item.work is None:
            self._work_entry(story, "created")
            return
        same = item.content_hash == work_hash(story, mapped, reviews, self.members)
        self._work_entry(story, "unchanged" if same else "updated", "", item.work)

    # Members, series, the whole run -------------------------------------------------------------

    def members_report(self) -> None:
        emails: dict[str, list[str]] = {}
        for member_id in sorted(self.kept_members, key=_sort_key):
            member = self.members.get(member_id)
            if member is None:
                continue
            email = usable_email(member.email)
            if email:
                emails.setdefault(email.lower(), []).append(member_id)
            else:
                self.report.problem_add(
                    Problem(
                        "author_without_email",
                        f"{display_name(member)} has no address: nobody to notify; claims go through staff",
                        member.ids,
                    ).to_json()
                )
            if "@" in member.name and " " not in member.name.strip():
                self.report.problem_add(
                    Problem(
                        "penname_is_email",
                        f"shown as {display_name(member)}; the address is kept private for the claim invitation",
                        member.ids,
                    ).to_json()
                )
        for ids in emails.values():
            if len(ids) > 1:
                names = ", ".join(display_name(self.members[i]) for i in ids)
                self.report.problem_add(
                    Problem(
                        "same_person",
                        f"{names} share one address: one person with {len(ids)} pseuds, one claim",
                        {"old_uids": [_plain_id(i) for i in ids]},
                    ).to_json()
                )
        for member_id, member in self.members.items():
            if self._member_refused(member_id):
                self.report.problem_add(
                    Problem(
                        "do_not_import", f"{member.name} asked not to be imported", member.ids
                    ).to_json()
                )
                if self.writer is not None:
                    self.writer.creators.member_gone(member_id)
        if self.archive.pk:
            items = RescueItem.objects.filter(
                archive=self.archive, kind=ItemKind.CREATOR, status=ItemStatus.IMPORTED
            ).select_related("creator")
            for item in sorted(items, key=lambda i: _sort_key(i.old_id)):
                if item.creator is not None and item.old_id in self.kept_members:
                    self.report.creators.append(
                        {
                            "old_id": _plain_id(item.old_id),
                            "creator_id": item.creator.pk,
                            "name": item.creator.name,
                            "url": item.creator.get_absolute_url(),
                        }
                    )

    def series(self) -> None:
        found = self.source.series()
        for done, series in enumerate(found, start=1):
            entry = {"old_id": _plain_id(series.old_id), "series_id": None, "url": None}
            if self.writer is not None:
                try:
                    status, written = self.writer.series_write(series)
                except Exception as exc:
                    problem = Problem(
                        "failed",
                        f"series: {type(exc).__name__}: {exc}",
                        {"old_seriesid": _plain_id(series.old_id)},
                    )
                    self.report.problem_add(problem.to_json())
                    status, written = "failed", None
                if written is not None:
                    entry.update(series_id=written.pk, url=written.get_absolute_url())
                entry["status"] = status
            self.report.series.append(entry)
            self._tell("series", done, len(found))

    def run(self) -> RescueReport:
        total = self.source.story_count()
        for done, story in enumerate(self.source.stories(), start=1):
            self.story(story)
            self._tell("works", done, max(total, done))
        self.series()
        self.members_report()
        for problem in self.source.problems:
            self.report.problem_add(problem.to_json())
        rows = []
        for (tag_type, original), stories in sorted(self.mapper.unmapped.items()):
            ids = [_plain_id(s) for s in stories]
            rows.append((tag_type, original, [str(i) for i in ids]))
            self.report.problem_add(
                Problem(
                    "unmapped_tag",
                    f"{tag_type} '{original}' is not in the knowledge base: kept as written",
                    {"type": tag_type, "original": original, "stories": ids},
                ).to_json()
            )
        self.report.unmapped_csv = unmapped_csv(rows)
        self.report.extra_counts = dict(self.counts)
        if not self.options.dry_run:
            with transaction.atomic():
                RescuedArchive.objects.filter(pk=self.archive.pk).update(
                    report=self.report.to_json()
                )
        return self.report


def _plain_id(value: str):
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _sort_key(value: str):
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def _label(story: Story) -> str:
    return "sid" if "old_sid" in story.ids else "id"
