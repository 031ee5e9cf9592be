"""Upload or paste a legacy story, preview every field read from it, post it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ficarchive.accounts.services import pseud_ensure
from ficarchive.feedback.actions.comments import do_comment_settings_set
from ficarchive.importing.checks import size_text
from ficarchive.importing.forms import UploadForm
from ficarchive.importing.uploads import (
    UploadRefused,
    upload_get_pending,
    upload_post,
    upload_receive,
    upload_work_input,
)
from ficarchive.posting.forms import WorkForm
from ficarchive.works.selectors import work_get_for_reader
from ficarchive.works.services import (
    chapter_inputs_from_parsed,
    permission_needed,
    work_permission_record,
)

PASTE_SOURCE = "pasted text"
REQUEST_SLACK = 1024 * 1024


@login_required
def import_start(request):
    """The upload form; a story that reads goes on to its preview."""
    posted = request.method == "POST"
    limit = settings.FICARCHIVE_MAX_UPLOAD
    # Refuse by the declared length before Django reads (and spools to disk) the whole body;
    # the slack is what the form's other fields and the multipart framing may add.
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if posted and declared.isdigit() and int(declared) > limit + REQUEST_SLACK:
        messages.error(request, f"The file is too large (the limit is {size_text(limit)}).")
        return render(request, "importing/start.html", {"form": UploadForm()}, status=413)
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is not None and upload.size > limit:
            form.add_error("file", f"The file is too large (the limit is {size_text(limit)}).")
        else:
            if upload is not None:
                source, data = f"upload:{upload.name}", upload.read(limit + 1)
            else:
                source, data = PASTE_SOURCE, form.cleaned_data["text"].encode("utf-8")
            try:
                record = upload_receive(user=request.user, source=source, data=data)
            except UploadRefused as exc:
                form.add_error(None, exc)
                return render(request, "importing/start.html", {"form": form}, status=429)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("importing:preview", record_id=record.pk)
    return render(request, "importing/start.html", {"form": form})


@login_required
def import_preview(request, record_id: int):
    """The one work form, filled with what was read from the upload (doubtful fields first),
    over the story text as it will appear; Preview, Post or Save as draft creates the work."""
    record, parsed = upload_get_pending(user=request.user, record_id=record_id)
    pseud_ensure(user=request.user)
    uncertain = [
        (name, parsed.provenance[name].source, parsed.provenance[name].confidence)
        for name in parsed.uncertain_fields()
    ]
    form = WorkForm(
        request.POST or None,
        user=request.user,
        route="import",
        base=upload_work_input(record=record, parsed=parsed),
        uncertain=uncertain,
    )
    chapters = chapter_inputs_from_parsed(parsed)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "post")
        try:
            work = upload_post(
                user=request.user,
                record=record,
                data=form.work_input(),
                chapters=chapters,
                draft=action in ("draft", "preview"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            rules = form.comment_rules(work)
            if rules is not None:
                do_comment_settings_set(work=work, rules=rules)
            if action == "preview":
                return redirect(work.get_absolute_url() + "?preview=1")
            messages.info(request, "Draft saved." if work.draft else "Work posted.")
            return redirect(work.get_absolute_url())
    warnings = [d for d in parsed.diagnostics if d.level != "info"]
    return render(
        request,
        "importing/preview.html",
        {
            "form": form,
            "record": record,
            "chapters": chapters,
            "diagnostics": warnings,
            "new": True,
            "asks_first": permission_needed(wish=parsed.distribution.permission),
        },
    )


@require_POST
@login_required
def work_permission(request, work_id: int):
    """Staff record how the author's permission was obtained; a held work becomes public."""
    # 404 for works the member may not see, as everywhere; the service then checks for staff.
    work = work_get_for_reader(user=request.user, work_id=work_id)
    try:
        work_permission_record(work=work, user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Permission recorded.")
    return redirect(work.get_absolute_url())
