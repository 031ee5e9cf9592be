"""Blocking, muting and abuse reports."""

from __future__ import annotations

from django.core.mail import mail_admins
from django.db import transaction

from ficarchive.feedback.actions import FeedbackInvalid
from ficarchive.feedback.models import AbuseReport, Comment, UserBlock, UserMute
from ficarchive.works.models import Work


def do_user_block(*, blocker, blocked, on: bool) -> None:
    """Block (or unblock) `blocked`: no more comments on the blocker's works or replies to them."""
    if blocker.pk == blocked.pk:
        raise FeedbackInvalid("You cannot block yourself.")
    with transaction.atomic():
        if on:
            UserBlock.objects.get_or_create(blocker=blocker, blocked=blocked)
        else:
            UserBlock.objects.filter(blocker=blocker, blocked=blocked).delete()


def do_user_mute(*, muter, muted, on: bool) -> None:
    """Mute (or unmute) `muted`: their comments are hidden from the muter and notify them no more."""
    if muter.pk == muted.pk:
        raise FeedbackInvalid("You cannot mute yourself.")
    with transaction.atomic():
        if on:
            UserMute.objects.get_or_create(muter=muter, muted=muted)
        else:
            UserMute.objects.filter(muter=muter, muted=muted).delete()


def check_abuse_report(*, url: str, reason: str, email: str) -> tuple[str, str, str]:
    """Validate a report: a page on this site and a reason."""
    url = (url or "").strip()
    reason = (reason or "").strip()
    if not url.startswith("/") or url.startswith("//") or len(url) > 500:
        raise FeedbackInvalid("Give the address of a page on this archive (starting with /).")
    if not reason or len(reason) > 5000:
        raise FeedbackInvalid("Tell us what is wrong (up to 5000 characters).")
    return url, reason, (email or "").strip()[:254]


def do_abuse_report(*, reporter, url: str, reason: str, email: str) -> AbuseReport:
    """Store a report for the staff's queue and tell the site's admins."""
    work = comment = None
    parts = [p for p in url.split("#")[0].split("/") if p]
    if len(parts) >= 2 and parts[0] == "works" and parts[1].isdigit():
        work = Work.objects.filter(pk=int(parts[1])).first()
    if "#comment-" in url and url.rsplit("#comment-", 1)[1].isdigit():
        comment = Comment.objects.filter(pk=int(url.rsplit("#comment-", 1)[1])).first()
    with transaction.atomic():
        report = AbuseReport(
            reporter=reporter if reporter.is_authenticated else None,
            email=email,
            url=url,
            work=work,
            comment=comment,
            reason=reason,
        )
        report.full_clean()
        report.save()
        transaction.on_commit(
            lambda: mail_admins(
                f"Abuse report {report.pk}", f"{url}\n\n{reason}", fail_silently=True
            )
        )
    return report


def do_abuse_report_resolve(*, report: AbuseReport, resolved: bool = True) -> AbuseReport:
    """Mark a report dealt with (or open again)."""
    with transaction.atomic():
        report.resolved = resolved
        report.save(update_fields=["resolved"])
    return report
