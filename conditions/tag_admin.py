"""Tags under history, like everything else readers see.

Tag names show on condition pages, so tags get a History page and revert, and a tag that
published conditions use cannot be deleted. Replaces taggit's own admin (its "merge tags"
action works on taggit's generic tagged items, which conditions do not use).
"""

from django.contrib import admin
from taggit.models import Tag

from .admin_protection import ReaderDataAdmin

if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ReaderDataAdmin):
    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
