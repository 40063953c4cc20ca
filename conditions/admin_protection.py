"""The admin refuses to delete what published content uses, and says what uses it.

Every admin of something readers see mixes in ``RefuseDeletingWhatReadersUse``: the single
delete page and the bulk "Delete selected" action both ask ``get_deleted_objects``, which
reports the published users found by ``protection.published_uses`` as protected, so Django
deletes nothing. The templates show the project's own message and the list.
"""

from reversion_compare.admin import CompareVersionAdmin

from . import protection
from .concurrency import StaleEditGuard
from .models import EditorialFields

ARCHIVE_NOTE = (
    "To take it off the site, archive it instead: readers no longer see it and its "
    "history is kept. To delete it, first take it out of the pages listed."
)
CHANGE_PAGES_NOTE = (
    "First take it out of the pages listed (a medical reviewer edits published pages), or "
    "archive the pages that should no longer be shown. Then delete it."
)


class InUse(list):
    """Django's list of protected items, with the published items that use each one.

    It is still a plain list of lines for Django (non-empty, so nothing is deleted); our
    templates read ``in_use``, ``others`` and ``note``.
    """

    def __init__(self, in_use, others, note):
        super().__init__([line for _item, lines in in_use for line in lines] + list(others))
        self.in_use = in_use
        self.others = list(others)
        self.note = note


class RefuseDeletingWhatReadersUse:
    """Deleting an item published content uses is refused, with the list of users."""

    delete_confirmation_template = "admin/conditions/delete_in_use.html"
    delete_selected_confirmation_template = "admin/conditions/delete_selected_in_use.html"

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = protection.in_use(objs)
        if in_use:
            note = ARCHIVE_NOTE if issubclass(self.model, EditorialFields) else CHANGE_PAGES_NOTE
            protected = InUse(in_use, protected, note)
        return to_delete, model_count, perms_needed, protected


class ReaderDataAdmin(RefuseDeletingWhatReadersUse, CompareVersionAdmin):
    """Body areas, triggers, care levels, synonyms, audiences and tags: with history and
    revert, never deleted while published content uses them, and never overwritten by a
    form opened before someone else's save."""

    form = StaleEditGuard
    history_latest_first = True
