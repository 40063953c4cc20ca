"""What every editorial admin shares: the review workflow's roles, bulk actions, history,
preview and review-date checks. Conditions, symptoms and guides build on it."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from . import publishing, workflow
from .admin_protection import RefuseDeletingWhatReadersUse
from .concurrency import StaleEditGuard
from .history_admin import HistoryAdminMixin
from .models import Status
from .workflow_admin import WorkflowAdminMixin
from .workflow_views import WorkflowViewsMixin

MARKDOWN_HELP = (
    "Write in Markdown: a blank line starts a new paragraph, “- ” starts a bullet, "
    "**double stars** make bold, [words](https://address) makes a link. The page adds "
    "the headings. Use “Preview” to see the result before saving."
)

REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_role")

# Last on every editorial form. The review comment is shown (read-only) only when a
# reviewer has written one (admin_forms.EditorFormMixin); pairs share a line.
EDITORIAL_FIELDSET = (
    "Review and publishing",
    {
        "fields": (
            "status",
            "review_comment",
            ("last_reviewed", "next_review_due"),
            ("reviewer_name", "reviewer_role"),
        )
    },
)


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", f"Due within {workflow.REVIEW_DUE_SOON_DAYS} days"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            soon = today + datetime.timedelta(days=workflow.REVIEW_DUE_SOON_DAYS)
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
        return queryset


class EditorialForm(StaleEditGuard):
    """The item's own fields, the step it is saved for, and who else saved it meanwhile.

    The admin sets ``editor`` (the user) and ``target_status`` (the status the pressed
    button aims at: draft, in review, or None to keep it). ``StaleEditGuard`` refuses a
    save from a form opened before someone else's save.
    """

    editor = None
    target_status = None

    def clean(self):
        for name, value in self.cleaned_data.items():
            if isinstance(value, str) and "\r\n" in value:
                # Browsers post line breaks as \r\n; store them as the library has them,
                # so a save that changed nothing shows no difference.
                self.cleaned_data[name] = value.replace("\r\n", "\n")
        cleaned = super().clean()
        if self.target_status:
            # Inline formsets check readiness against the status the item is saved with.
            self.instance.status = self.target_status
        if self.instance.status == Status.PUBLISHED:
            # Fields on the form count as posted; read-only ones as stored.
            review = self._meta.model(
                **{
                    name: cleaned.get(name) if name in self.fields else getattr(self.instance, name)
                    for name in REVIEW_FIELDS
                }
            )
            for problem in review.review_problems():
                self.add_error(None, f"Before publishing: {problem}")
        return cleaned


class EditorialAdmin(
    HistoryAdminMixin,
    WorkflowAdminMixin,
    WorkflowViewsMixin,
    RefuseDeletingWhatReadersUse,
    CompareVersionAdmin,
):
    """What condition and symptom admins share: roles, actions, history and safety."""

    actions = ["submit_for_review", "publish", "return_to_draft", "archive", "mark_reviewed"]
    change_form_template = "admin/conditions/editorial_change_form.html"
    list_per_page = 50
    history_latest_first = True

    @admin.display(description="Next review due", ordering="next_review_due")
    def review_due(self, obj):
        if obj.next_review_due and obj.next_review_due < timezone.localdate():
            return format_html(
                '<strong class="review-overdue">{} (overdue)</strong>', obj.next_review_due
            )
        return obj.next_review_due or "—"

    # Roles

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        # Edits of a published item are staged for review (workflow_admin.py); archived
        # items are changed by reviewers only.
        archived = obj is not None and obj.status == Status.ARCHIVED
        if archived and not workflow.can_publish(request.user, self.model):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Published content is archived, never deleted.
        if obj is not None and obj.status == Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user, self.model):
            # Recording a review is the reviewers' "Mark as reviewed" action.
            fields += ["last_reviewed", "next_review_due", "reviewer_name", "reviewer_role"]
        return fields

    def recover_view(self, request, version_id, extra_context=None):
        # A recovered item comes back with its old status, which may be "published".
        if not workflow.can_publish(request.user, self.model):
            raise PermissionDenied
        # reversion's URL passes no extra_context: dropping it is an equivalent mutant.
        return super().recover_view(request, version_id, extra_context)  # pragma: no mutate

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deletion happens one item at a time, on its own page that lists what links to it.
        actions.pop("delete_selected", None)
        return actions

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form

    # Bulk actions

    def _report(self, request, report):
        self.message_user(request, report.summary(), messages.SUCCESS)
        for message in report.skip_messages():
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        # A live item's pending draft change is what goes to review, not the item.
        staged = {change.object_id: change for change in self.open_changes(queryset)}
        for item in [item for item in queryset if item.pk in staged]:
            publishing.submit_change(staged[item.pk], request.user)
            self.message_user(
                request, f"Sent your change to “{item}” for review.", messages.SUCCESS
            )
        others = queryset.exclude(pk__in=staged)
        if others.exists():
            self._report(request, workflow.submit_for_review(others, request.user))

    @admin.action(description="Publish… (check the changes first)", permissions=["publish"])
    def publish(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(self.workflow_url("publish") + f"?ids={ids}")

    @admin.action(description="Return to draft (with a comment)", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        if "apply" in request.POST:
            comment = request.POST.get("comment", "").strip()
            if comment:
                self._report(request, workflow.return_to_draft(queryset, request.user, comment))
                return None
            self.message_user(request, "Write a comment for the editor.", messages.ERROR)
        return TemplateResponse(
            request,
            "admin/conditions/return_to_draft.html",
            {
                **self.admin_site.each_context(request),
                "title": "Return to draft",
                "items": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Archive (hide from readers)", permissions=["publish"])
    def archive(self, request, queryset):
        self._report(request, workflow.archive(queryset, request.user))

    @admin.action(description="Mark as reviewed today", permissions=["publish"])
    def mark_reviewed(self, request, queryset):
        self._report(request, workflow.mark_reviewed(queryset, request.user))

    # Preview before saving

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("add/preview/", preview, name=f"{name}_preview_new"),
            path("<path:object_id>/change/preview/", preview, name=f"{name}_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        """Render the posted (unsaved) text as readers would see it. Saves nothing."""
        # get_queryset ignores request: get_object(None, ...) is an equivalent mutant.
        obj = self.get_object(request, object_id) if object_id else None  # pragma: no mutate
        if request.method != "POST" or not (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        ):
            return TemplateResponse(
                request,
                "admin/conditions/preview_unavailable.html",
                {**self.admin_site.each_context(request), "title": "Preview unavailable"},
                status=400,
            )
        form = self.get_form(request, obj)(request.POST, instance=obj)
        form.is_valid()  # fills form.instance with the posted values, valid or not
        return TemplateResponse(
            request,
            "admin/conditions/preview.html",
            {
                **self.admin_site.each_context(request),
                "title": "Preview",
                "item": form.instance,
                "form_errors": form.errors,
            },
        )
