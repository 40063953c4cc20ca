"""The review workflow on the admin's change form: one button per step, and staged edits.

Buttons replace the status dropdown: "Save draft", "Submit for review", "Publish…"
(reviewers), with "Return to draft…", "Archive…" and "Discard change…" as pages of their own
(``workflow_views.py``). What each role may press is decided here and checked again on the
server by ``workflow`` and ``publishing``, whatever the browser posts.

An edit to a published item (or one with a pending change) is *staged*: the admin's normal
form and inlines run inside ``staging.trial()``, the result is kept as the item's
``PendingChange`` and the transaction is rolled back, so readers keep the live version.
"""

import json
from dataclasses import dataclass

import reversion
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from reversion.models import Version

from . import publishing, staging, workflow
from .models import PendingChange, Status

SAVE_DRAFT = "_save_draft"
SUBMIT = "_submit_for_review"
PUBLISH = "_publish"
BUTTONS = (PUBLISH, SUBMIT, SAVE_DRAFT)


def pressed(request):
    """The workflow button the form was posted with (None: Django's own Save buttons)."""
    return next((name for name in BUTTONS if name in request.POST), None)


@dataclass
class StagedEdit:
    """An edit of a live item in progress: what the trial save produced."""

    change: PendingChange | None
    rows: list | None = None


class WorkflowAdminMixin:
    """Workflow buttons, staged edits of live items and their messages, for EditorialAdmin."""

    # Which step the form aims at

    def target_status(self, request, obj):
        """The status a save gives a draft, in-review or archived item (None: unchanged)."""
        if getattr(request, "legpain_staging", None) is not None:
            return None  # a live item keeps its status; the change is staged
        button = pressed(request)
        if button == SAVE_DRAFT:
            return Status.DRAFT
        if button in (SUBMIT, PUBLISH):
            return Status.IN_REVIEW
        return None if obj is not None else Status.DRAFT

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.target_status = self.target_status(request, obj)
        return form

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the buttons; the comment is written on "Return".
        return [*super().get_readonly_fields(request, obj), "status", "review_comment"]

    # The change form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if PUBLISH in request.POST and not self.has_publish_permission(request):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Decided before reversion's change_view opens a revision: a staged edit must
        # leave no trace in the live item's history.
        obj = self.get_object(request, unquote(object_id))
        change = publishing.open_change(obj)
        if obj is None or not publishing.is_staged(obj, change):
            return super().change_view(request, object_id, form_url, extra_context)
        return self.staged_changeform_view(request, obj, change, object_id, form_url, extra_context)

    def staged_changeform_view(
        self, request, obj, change, object_id, form_url, extra_context, revert=None, template=None
    ):
        """The change form of a live item, showing and saving its pending version."""
        if PUBLISH in request.POST and not self.has_publish_permission(request):
            raise PermissionDenied
        if change and change.state == PendingChange.State.SCHEDULED and request.method == "POST":
            self.message_user(
                request,
                "This change is approved and scheduled. A reviewer cancels the schedule "
                "before anyone edits it again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        edit = request.legpain_staging = StagedEdit(change)
        if change is not None and (missing := staging.missing_links(change.snapshot)):
            self.message_user(
                request,
                "The pending change links to something deleted since it was saved ("
                + ", ".join(missing)
                + "). Discard it and make the change again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(self._step(obj, "discard"))
        with staging.trial():
            if change is not None:
                staging.apply(obj, change.snapshot)
            if revert is not None:
                revert()
                type(obj)._default_manager.filter(pk=obj.pk).update(status=obj.status)
            # Not reversion's wrapper: nothing of the trial may be recorded as history.
            response = admin.ModelAdmin.changeform_view(
                self, request, object_id, form_url, extra_context
            )
            if template and edit.rows is None:
                response.template_name = template
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # while the pending version is in the database
        if edit.rows is None:  # shown, or refused with the form's errors
            return response
        return self._after_staging(request, obj, edit)

    def _after_staging(self, request, obj, edit):
        button = pressed(request)
        ready = button in (SUBMIT, PUBLISH)
        state = PendingChange.State.IN_REVIEW if ready else PendingChange.State.DRAFT
        publishing.stage(obj, edit.rows, request.user, state, edit.change)
        if button == PUBLISH:
            return HttpResponseRedirect(self.workflow_url("publish") + f"?ids={obj.pk}")
        if ready:
            self.message_user(
                request,
                f"Sent your change to “{obj}” to Medical reviewers for review. Readers "
                "still see the published page until a reviewer publishes the change.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.workflow_url("changelist"))
        self.message_user(
            request,
            f"Saved your change to “{obj}” as a draft. Readers still see the published "
            "page. Press “Submit for review” when the change is ready.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        edit = getattr(request, "legpain_staging", None)
        if edit is not None:
            edit.rows = staging.snapshot(form.instance)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        edit = getattr(request, "legpain_staging", None)
        pending = edit.change if edit else None
        context.update(
            workflow_buttons=self.workflow_buttons(request, obj, pending),
            pending_change=pending,
            is_staged=edit is not None,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_url(self, name, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def workflow_buttons(self, request, obj, change):
        """The steps this user may take from this form, in the order they are shown."""
        reviewer = self.has_publish_permission(request)
        if change is not None and change.state == PendingChange.State.SCHEDULED:
            # Approved as it is: nobody edits it until the schedule is cancelled.
            if not reviewer:
                return []
            return [{"label": "Cancel the schedule…", "url": self._step(obj, "unschedule")}]
        buttons = [
            {"name": SAVE_DRAFT, "label": "Save draft"},
            {"name": SUBMIT, "label": "Submit for review", "primary": not reviewer},
        ]
        if reviewer:
            buttons.append({"name": PUBLISH, "label": "Publish…", "primary": True})
        if obj is None:
            return buttons
        if change is not None and (reviewer or change.created_by_id == request.user.pk):
            buttons.append({"label": "Discard this change…", "url": self._step(obj, "discard")})
        if reviewer and (change is not None or obj.status == Status.IN_REVIEW):
            buttons.append({"label": "Return to draft…", "url": self._step(obj, "return")})
        if reviewer and obj.status != Status.ARCHIVED:
            buttons.append({"label": "Archive…", "url": self._step(obj, "archive")})
        return buttons

    def _step(self, obj, name):
        return self.workflow_url(name, quote(obj.pk))

    # What a save says, and where it goes next

    def response_add(self, request, obj, post_url_continue=None):
        return self._workflow_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        if getattr(request, "legpain_staging", None) is not None:
            return HttpResponseRedirect(request.path)  # replaced once the trial is over
        return self._workflow_response(request, obj) or super().response_change(request, obj)

    def _workflow_response(self, request, obj):
        button = pressed(request)
        if button is None:
            return None
        if button == SUBMIT:
            problems = workflow.readiness_problems(obj)
            if problems:
                type(obj)._default_manager.filter(pk=obj.pk).update(status=Status.DRAFT)
                self.message_user(
                    request,
                    f"Saved “{obj}” as a draft, but not sent for review: " + " ".join(problems),
                    messages.WARNING,
                )
                return HttpResponseRedirect(self._step(obj, "change"))
            self.message_user(
                request, f"Sent “{obj}” to Medical reviewers for review.", messages.SUCCESS
            )
            return HttpResponseRedirect(self.workflow_url("changelist"))
        if button == PUBLISH:
            return HttpResponseRedirect(self.workflow_url("publish") + f"?ids={obj.pk}")
        self.message_user(request, f"Saved “{obj}” as a draft.", messages.SUCCESS)
        return HttpResponseRedirect(self._step(obj, "change"))

    # History in words

    def _revision_comment(self, request, message, added=False):
        name = publishing.user_name(request.user)
        done = {
            SUBMIT: "Submitted for review",
            SAVE_DRAFT: "Saved as a draft",
            PUBLISH: "Saved for publishing",
        }.get(pressed(request), "Saved")
        if added:
            return f"Created and {done[0].lower()}{done[1:]} by {name}."
        if not isinstance(message, str):  # the admin passes its change message as a list
            message = json.dumps(message)
        detail = LogEntry(change_message=message).get_change_message() if message else ""
        return f"{done} by {name}." + (f" {detail}" if detail else "")

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(self._revision_comment(request, message, added=True))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(self._revision_comment(request, message))
        return entry

    def history_view(self, request, object_id, extra_context=None):
        # The history lists the pending change too: it is part of the item's story.
        obj = self.get_object(request, unquote(object_id))
        change = publishing.open_change(obj)
        context = {"pending_change": change, **(extra_context or {})}
        if change is not None and self.has_publish_permission(request):
            context["pending_publish_url"] = self.workflow_url("publish") + f"?ids={obj.pk}"
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion rolls the item back before asking for permission, so check the item
        # as it is stored; reverting a live item stages the old version for review.
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        change = publishing.open_change(obj)
        if not publishing.is_staged(obj, change):
            return super().revision_view(request, object_id, version_id, extra_context)
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        context = {
            "title": f"Revert {obj}",
            "revert": True,
            **(extra_context or {}),
        }
        return self.staged_changeform_view(
            request,
            obj,
            change,
            object_id,
            request.path,
            context,
            revert=lambda: version.revision.revert(delete=True),
            template=self.revision_form_template or self._get_template_list("revision_form.html"),
        )

    def open_changes(self, items):
        """The open pending changes of ``items`` (a queryset of this admin's model)."""
        return PendingChange.objects.open().filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id__in=items.values("pk"),
        )

    def get_queryset(self, request):
        # The list shows each item's pending change in the same query.
        pending = PendingChange.objects.open().filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(pending_state=Subquery(pending.values("state")[:1]))
        )

    @admin.display(description="Status", ordering="status")
    def workflow_state(self, obj):
        """The list's status column: the item's status and its pending change, if any."""
        state = getattr(obj, "pending_state", None)
        if not state:
            return obj.get_status_display()
        label = PendingChange.State(state).label.lower()
        return format_html(
            '{} <a class="pending-change" href="{}">(change: {})</a>',
            obj.get_status_display(),
            self._step(obj, "change"),
            label,
        )
