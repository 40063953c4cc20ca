"""The workflow's own admin pages: publish (with the differences and the review record),
return to draft with a comment, archive, discard a pending change, cancel a schedule.

Each is a confirmation page (GET shows what will happen, POST does it); each checks the
user's role on the server before it shows or does anything.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, resolve
from django.utils import timezone

from . import publishing, staging, workflow
from .diffs import compare_snapshots
from .models import Status


class PublishForm(forms.Form):
    """The review record written on publishing, and an optional time to go live."""

    last_reviewed = forms.DateField(
        label="Last reviewed", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    next_review_due = forms.DateField(
        label="Next review due", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reviewer_name = forms.CharField(label="Reviewed by (name)", max_length=200)
    reviewer_role = forms.CharField(label="Their role", max_length=100)
    go_live_at = forms.DateTimeField(
        label="Go live at (leave empty to publish now)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    expire_at = forms.DateTimeField(
        label="Take off the site at (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean(self):
        cleaned = super().clean()
        last, due = cleaned.get("last_reviewed"), cleaned.get("next_review_due")
        if last and due and due <= last:
            self.add_error("next_review_due", "The next review must be due after the last.")
        if last and last > timezone.localdate():
            self.add_error("last_reviewed", "A review cannot be in the future.")
        go_live, expire = cleaned.get("go_live_at"), cleaned.get("expire_at")
        if go_live and go_live <= timezone.now():
            self.add_error("go_live_at", "Choose a time in the future, or leave it empty.")
        if expire and expire <= (go_live or timezone.now()):
            self.add_error("expire_at", "Choose a time after the page goes live.")
        return cleaned

    def review_record(self):
        data = self.cleaned_data
        return publishing.ReviewRecord(
            data["last_reviewed"],
            data["next_review_due"],
            data["reviewer_name"],
            data["reviewer_role"],
            data.get("expire_at"),
        )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="What should the editor change?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write a comment for the editor."},
    )


class WorkflowViewsMixin:
    """Adds the workflow pages to an editorial ModelAdmin."""

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("publish/", wrap(self.publish_view), name=f"{name}_publish"),
            path("<path:object_id>/return/", wrap(self.return_view), name=f"{name}_return"),
            path("<path:object_id>/archive/", wrap(self.archive_view), name=f"{name}_archive"),
            path("<path:object_id>/discard/", wrap(self.discard_view), name=f"{name}_discard"),
            path(
                "<path:object_id>/pending/",
                wrap(self.pending_preview_view),
                name=f"{name}_pending_preview",
            ),
            path(
                "<path:object_id>/unschedule/",
                wrap(self.unschedule_view),
                name=f"{name}_unschedule",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/conditions/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.model._meta,
                **context,
            },
        )

    def _item(self, request, object_id):
        # Not mutated: get_queryset ignores request, so passing None instead would be an
        # equivalent mutant (docs/testing.md, "Mutation testing").
        obj = self.get_object(request, unquote(object_id))  # pragma: no mutate
        if obj is None:
            raise Http404
        return obj

    # Publish

    def publish_items(self, request):
        # Not mutated: any default without a digit gives the same empty list (equivalent).
        ids = request.GET.get("ids", "")  # pragma: no mutate
        ids = [part for part in ids.split(",") if part.isdigit()]
        items = list(self.model._default_manager.filter(pk__in=ids).order_by("pk"))
        rows = []
        for item in items:
            change = publishing.open_change(item)
            if change is not None and change.state == change.State.SCHEDULED:
                # Approved already: a reviewer cancels the schedule to change it.
                rows.append({"item": item, "skip": "It is already scheduled."})
                continue
            if change is None and item.status == Status.PUBLISHED:
                rows.append({"item": item, "skip": "It is published and has no pending change."})
                continue
            live = staging.snapshot(item) if item.status == Status.PUBLISHED else None
            new = change.snapshot if change is not None else staging.snapshot(item)
            rows.append(
                {
                    "item": item,
                    "change": change,
                    "is_new": live is None,
                    "changes": compare_snapshots(live, new),
                    "problems": publishing.problems_before_publishing(item, change),
                }
            )
        return rows

    def publish_view(self, request):
        """Show what goes live (differences, problems) and publish it or schedule it."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        rows = self.publish_items(request)
        ready = [row for row in rows if not row.get("skip") and not row["problems"]]
        default = publishing.ReviewRecord.default_for(request.user)
        form = PublishForm(request.POST or None, initial=vars(default))
        if request.method == "POST" and ready and form.is_valid():
            review, go_live_at = form.review_record(), form.cleaned_data["go_live_at"]
            for row in ready:
                item, change = row["item"], row["change"]
                if go_live_at:
                    problems = publishing.schedule(item, request.user, review, go_live_at, change)
                    done = f"Scheduled “{item}” to go live at {go_live_at:%d %b %Y %H:%M}."
                else:
                    problems = publishing.publish(item, request.user, review, change)
                    done = f"Published “{item}”. Readers see it now."
                if problems:
                    self.message_user(
                        request, f"Not published: “{item}”: {' '.join(problems)}", messages.ERROR
                    )
                else:
                    self.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(self.workflow_url("changelist"))
        return self._page(
            request,
            "publish.html",
            "Check and publish",
            rows=rows,
            form=form,
            ready=ready,
        )

    def pending_preview_view(self, request, object_id):
        """The public page as it will read once the pending change is published."""
        item = self._item(request, object_id)  # pragma: no mutate (as in _item)
        # Mutated although two of its mutants are equivalent (view permission is per model,
        # so dropping the item changes nothing): the others test who may see the preview.
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        change = publishing.open_change(item)
        if change is None or staging.missing_links(change.snapshot):
            raise Http404
        match = resolve(item.get_absolute_url())
        request.legpain_pending_preview = change
        with staging.trial():
            staging.apply(item, change.snapshot)
            # path() routes give no positional args: without them, an equivalent mutant.
            response = match.func(request, *match.args, **match.kwargs)  # pragma: no mutate
            response.render()  # while the pending version is in the database
        return response

    # Return, archive, discard, unschedule

    def return_view(self, request, object_id):
        """Send an item (or its pending change) back to the editor with a comment."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        item = self._item(request, object_id)  # pragma: no mutate (as in _item)
        change = publishing.open_change(item)
        form = CommentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            comment = form.cleaned_data["comment"]
            if change is not None:
                publishing.return_change(change, request.user, comment)
                self.message_user(
                    request,
                    f"Returned the change to “{item}” to its editor with your comment. "
                    "Readers still see the published page.",
                    messages.SUCCESS,
                )
            else:
                report = workflow.return_to_draft([item], request.user, comment)
                self._report(request, report)
            return HttpResponseRedirect(self.workflow_url("changelist"))
        return self._page(
            request,
            "workflow_step.html",
            f"Return “{item}” to draft",
            item=item,
            form=form,
            button="Return to draft",
            explanation=(
                "The pending change goes back to its editor with your comment. The "
                "published page stays as it is."
                if change is not None
                else "The page goes back to draft with your comment."
                + (" It disappears from the site until it is published again."
                   if item.status == Status.PUBLISHED else "")
            ),
        )  # fmt: skip

    def archive_view(self, request, object_id):
        """Take an item off the site (kept, with its history)."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        item = self._item(request, object_id)  # pragma: no mutate (as in _item)
        if request.method == "POST":
            self._report(request, workflow.archive([item], request.user))
            return HttpResponseRedirect(self.workflow_url("changelist"))
        return self._page(
            request,
            "workflow_step.html",
            f"Archive “{item}”",
            item=item,
            button="Archive",
            explanation="Readers will no longer see this page. It is kept with its history "
            "and can be published again.",
        )

    def discard_view(self, request, object_id):
        """Drop a pending change: its editor or a reviewer."""
        item = self._item(request, object_id)  # pragma: no mutate (as in _item)
        change = publishing.open_change(item)
        if change is None:
            raise Http404
        if request.user != change.created_by and not self.has_publish_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            publishing.discard_change(change, request.user)
            self.message_user(
                request, f"Discarded the pending change to “{item}”.", messages.SUCCESS
            )
            return HttpResponseRedirect(self._step(item, "change"))
        return self._page(
            request,
            "workflow_step.html",
            f"Discard the change to “{item}”",
            item=item,
            button="Discard the change",
            explanation="The pending change is dropped. The published page stays as it is.",
        )

    def unschedule_view(self, request, object_id):
        """Take an approved change off the schedule; it goes back to review."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        item = self._item(request, object_id)  # pragma: no mutate (as in _item)
        change = publishing.open_change(item)
        if change is None or change.state != change.State.SCHEDULED:
            raise Http404
        if request.method == "POST":
            publishing.cancel_schedule(change, request.user)
            self.message_user(
                request,
                f"Cancelled the schedule of “{item}”. The change is back in review.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._step(item, "change"))
        return self._page(
            request,
            "workflow_step.html",
            f"Cancel the schedule of “{item}”",
            item=item,
            button="Cancel the schedule",
            explanation=f"It was due to go live at {change.go_live_at:%d %b %Y %H:%M}.",
        )
