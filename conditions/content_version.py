"""The content version that cached pages are keyed on, and how it reaches every server.

Every save or delete of anything a page can show (conditions, symptoms, their links,
references, tags, care levels, body areas, synonyms, triggers, rules) bumps the
``ContentVersion`` row in the same transaction. When the transaction commits, the new
version is mirrored to the shared cache, where every app server reads it on each request
without touching the database. So one change makes every cached page a miss everywhere.

The database is the truth and the cache only a copy:
- the cache lost it (Redis restarted or was flushed): read it back from the database;
- Redis was down when a change committed: the mirror is redone on this server's next
  request (``_mirror_stale``), and every copy expires after ``MIRROR_SECONDS``, so a
  Redis that comes back with an old copy cannot keep anyone serving old pages; while
  Redis is down every server reads the database anyway;
- the database is down: the last version seen (nothing can change meanwhile), so
  cached pages go on being served;
- a rolled-back save never bumps it (no page is invalidated for nothing, and none is
  kept that should not be).

Search keeps derived data under this version too, which is why it lives here, below
both the page cache and search.
"""

import contextlib
import threading
from typing import NamedTuple

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import ContentVersion

CACHE_KEY = "content-version"
# How long the cache's copy is trusted before it is read again from the database. It
# bounds how long a server can miss a change that was committed while Redis was away.
MIRROR_SECONDS = 60

# Set when a commit could not be mirrored to the cache (see the module docstring).
_mirror_stale = False
_last_known = None
_batch = threading.local()


class Version(NamedTuple):
    """A content version: ``token`` goes into cache keys, ``changed_at`` into headers."""

    number: int
    changed_at: float  # a Unix timestamp

    @property
    def token(self):
        # The time as well as the count: a database restored from a backup counts from
        # an older number again, and must not meet pages cached from other content.
        return f"{self.number}.{int(self.changed_at * 1_000_000)}"

    def __str__(self):
        return self.token


def content_version():
    """The current content version: from the cache, else from the database (and mirrored).

    If neither can be read, the last version this process saw: with the database down
    nothing can have changed since, and cached pages can go on being served.
    """
    global _last_known
    try:
        if _mirror_stale:
            version = _publish()
        else:
            version = cache.get(CACHE_KEY)
            if version is None:
                version = _stored_version()
                # add, not set: if a commit published a newer version meanwhile, it wins.
                if not cache.add(CACHE_KEY, version, MIRROR_SECONDS):
                    version = cache.get(CACHE_KEY) or version
    except DatabaseError:
        if _last_known is None:
            raise
        version = _last_known
    _last_known = version
    return Version(*version)


@contextlib.contextmanager
def batched():
    """Count every change made inside as one: bump the version once, at the end.

    Loading the library saves thousands of rows; bumping for each cost seconds.
    """
    depth = getattr(_batch, "depth", 0)
    _batch.depth = depth + 1
    if depth == 0:
        _batch.changed = False
    try:
        yield
    finally:
        _batch.depth = depth
        if depth == 0 and _batch.changed:
            content_changed()


def content_changed(**kwargs):
    """Record a change: bump the version now, publish it to the cache when it commits."""
    ContentVersion.bump()
    # Until the commit, readers read the version from the database (and see the old one,
    # as the change is not committed; this connection sees the new one, as tests do).
    cache.delete(CACHE_KEY)
    connection = connections[DEFAULT_DB_ALIAS]
    # One publish per transaction is enough, however many rows the save touched
    # (loading the library saves thousands).
    if not any(func is _publish for _, func, _ in connection.run_on_commit):
        # robust: the change is committed whatever happens here; an error must not
        # turn the editor's successful save into an error page.
        transaction.on_commit(_publish, robust=True)


def _stored_version():
    number, changed_at = ContentVersion.current()
    return (number, changed_at.timestamp())


def _publish():
    """Copy the database's version to the cache; remember if that did not work."""
    global _mirror_stale
    version = _stored_version()
    cache.set(CACHE_KEY, version, MIRROR_SECONDS)
    # A fail-safe cache swallows errors, so read it back to know the copy is there.
    _mirror_stale = cache.get(CACHE_KEY) != version
    return version


def _is_content_model(sender):
    return (
        sender._meta.app_label in {"conditions", "taggit"}
        and not sender._meta.model_name.startswith(("search", "sqlitefts", "pendingchange"))
        and sender is not ContentVersion
    )


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _content_saved(sender, action="post", **kwargs):
    # m2m_changed fires before and after each change; after is enough.
    if _is_content_model(sender) and action.startswith("post"):
        if getattr(_batch, "depth", 0):
            _batch.changed = True
        else:
            content_changed()
