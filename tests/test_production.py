"""Running for real: caching that never goes stale, conditional requests, security headers,
rate limits, login lockout, health checks, and hostile text in every editor field."""

import datetime
import json
import logging
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conditions import content_version as content_version_module
from conditions import workflow
from conditions.content_version import CACHE_KEY as VERSION_KEY
from conditions.models import (
    BodyArea,
    Condition,
    ConditionSymptom,
    ContentVersion,
    Reference,
    Severity,
    Status,
    Symptom,
    Synonym,
    Trigger,
)
from tests.admin_forms import form_data, publish

pytestmark = pytest.mark.django_db


# Caching


def test_reader_pages_are_served_from_cache(client, django_assert_max_num_queries):
    first = client.get("/conditions/sciatica/")
    with django_assert_max_num_queries(0):
        second = client.get("/conditions/sciatica/")
    assert second.content == first.content
    # The stored headers come back with the page: a browser given no HTML type would
    # offer a cached page as a download.
    assert second["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"


def test_a_page_cached_for_one_second_is_still_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 1
    client.get("/conditions/sciatica/")
    assert client.get("/conditions/sciatica/")["X-Cache"] == "hit"


def test_page_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the default with DEBUG on
    client.get("/conditions/sciatica/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/conditions/sciatica/")
    assert len(queries) > 0


def test_an_admin_edit_is_visible_on_the_next_request(client, admin_user):
    client.get("/search/?q=sciatica")
    client.get("/conditions/sciatica/")
    editor = Client()
    editor.force_login(admin_user)
    condition = Condition.objects.get(slug="sciatica")
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(editor.get(url))
    data["summary"] = "A freshly edited summary for readers."
    assert editor.post(url, {**data, "_publish": "1"}).status_code == 302
    publish(editor, condition)
    assert "A freshly edited summary" in client.get("/conditions/sciatica/").content.decode()
    assert "A freshly edited summary" in client.get("/search/?q=sciatica").content.decode()


def _set(item, **fields):
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()


def _sciatica_area():
    return Condition.objects.get(slug="sciatica").body_areas.order_by("pk").first()


# (page, change, what the page shows after it, what it no longer shows)
CHANGES = {
    "condition": (
        "/conditions/stroke/",
        lambda: _set(Condition.objects.get(slug="stroke"), summary="Zq changed summary."),
        "Zq changed summary.",
        None,
    ),
    "symptom": (
        "/symptoms/tingling/",
        lambda: _set(Symptom.objects.get(slug="tingling"), name="Zq tingling renamed"),
        "Zq tingling renamed",
        None,
    ),
    "symptom link": (
        "/conditions/sciatica/",
        lambda: ConditionSymptom.objects.get(
            condition__slug="sciatica", symptom__slug="tingling"
        ).delete(),
        None,
        'href="/symptoms/tingling/"',
    ),
    "reference": (
        "/conditions/sciatica/",
        lambda: _set(
            Reference.objects.filter(condition__slug="sciatica").first(), title="Zq new source"
        ),
        "Zq new source",
        None,
    ),
    "care level": (
        "/conditions/deep-vein-thrombosis/",
        lambda: _set(Severity.objects.get(slug="urgent"), advice="Zq new same-day advice."),
        "Zq new same-day advice.",
        None,
    ),
    "body area": (
        "/conditions/sciatica/",
        lambda: _set(_sciatica_area(), name="Zq renamed area"),
        "Zq renamed area",
        None,
    ),
    "synonym": (
        "/search/?q=zqlegword",
        lambda: Synonym.objects.create(phrases="zqlegword\nsciatica"),
        'href="/conditions/sciatica/"',
        None,
    ),
    "tag added": (
        "/conditions/stroke/",
        lambda: Condition.objects.get(slug="stroke").tags.add("Zq new topic"),
        "Zq new topic",
        None,
    ),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_every_kind_of_content_change_shows_on_the_next_request(client, kind):
    path, change, shown, gone = CHANGES[kind]
    client.get(path)
    cached = client.get(path)
    assert cached["X-Cache"] == "hit"
    if gone:
        assert gone in cached.content.decode()
    if shown:
        assert shown not in cached.content.decode()
    change()
    fresh = client.get(path)
    assert fresh["X-Cache"] == "miss"
    if shown:
        assert shown in fresh.content.decode()
    if gone:
        assert gone not in fresh.content.decode()


def test_renaming_a_tag_changes_the_cached_page(client):
    from taggit.models import Tag

    sciatica = Condition.objects.get(slug="sciatica")
    tag = sciatica.tags.order_by("name").first()
    assert client.get("/conditions/sciatica/")["X-Cache"] == "miss"
    cached = client.get("/conditions/sciatica/")
    assert cached["X-Cache"] == "hit" and f">{tag.name}</a>" in cached.content.decode()
    old_name = tag.name
    tag.name = "Zq renamed topic"
    tag.save()  # a taggit model, not one of ours: it must still invalidate pages
    page = client.get("/conditions/sciatica/").content.decode()
    assert ">Zq renamed topic</a>" in page
    assert f">{old_name}</a>" not in page
    assert Tag.objects.get(pk=tag.pk).name == "Zq renamed topic"


def test_the_version_published_at_commit_replaces_an_old_copy_in_the_cache(
    client, django_capture_on_commit_callbacks
):
    """Between a save and its commit, another server can read the old version from the
    database and put it back into the cache. The commit publishes the new one over it,
    so readers get the new page at once, not after the copy expires."""
    client.get("/conditions/stroke/")
    assert client.get("/conditions/stroke/")["X-Cache"] == "hit"
    old = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _set(Condition.objects.get(slug="stroke"), summary="Zq committed summary.")
        cache.set(VERSION_KEY, old)  # what a reader elsewhere put back before the commit
        assert "Zq committed summary." not in client.get("/conditions/stroke/").content.decode()
    assert len(callbacks) == 1  # one publish per transaction, however many rows
    assert cache.get(VERSION_KEY) != old
    fresh = client.get("/conditions/stroke/")
    assert fresh["X-Cache"] == "miss"
    assert "Zq committed summary." in fresh.content.decode()


def test_the_commit_publishes_the_version_after_other_work_was_queued_for_it(
    client, django_capture_on_commit_callbacks
):
    """Other code may queue its own work for the commit first; the version is still
    published (once) when the transaction commits."""
    client.get("/conditions/stroke/")
    old = cache.get(VERSION_KEY)
    ran = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transaction.on_commit(lambda: ran.append("other work"))
        _set(Condition.objects.get(slug="stroke"), summary="Zq queued after other work.")
        cache.set(VERSION_KEY, old)
    assert (len(callbacks), ran) == (2, ["other work"])
    assert cache.get(VERSION_KEY) != old
    assert "Zq queued after other work." in client.get("/conditions/stroke/").content.decode()


def test_a_failed_publish_at_commit_does_not_turn_the_save_into_an_error(
    monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable_cache():
        raise ConnectionError("the cache is unreachable")

    monkeypatch.setattr(content_version_module, "_publish", unreachable_cache)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _set(Condition.objects.get(slug="stroke"), summary="Zq saved anyway.")
    assert len(callbacks) == 1
    assert Condition.objects.get(slug="stroke").summary == "Zq saved anyway."


def test_head_requests_are_answered_from_and_fill_the_cache(client):
    head = client.head("/conditions/sciatica/")
    assert (head.status_code, head["X-Cache"], head.content) == (200, "miss", b"")
    page = client.get("/conditions/sciatica/")
    assert page["X-Cache"] == "hit"
    assert "<h1>Sciatica</h1>" in page.content.decode()
    again = client.head("/conditions/sciatica/")
    assert (again.status_code, again["X-Cache"], again.content) == (200, "hit", b"")
    assert again["Last-Modified"] == page["Last-Modified"]


@pytest.mark.parametrize("sets_cookie", [False, True])
def test_a_response_that_sets_a_cookie_is_never_cached(rf, sets_cookie):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from conditions.caching import ReaderPageCacheMiddleware

    def view(request):
        response = HttpResponse("a page for one reader")
        if sets_cookie:
            response.set_cookie("reader", "one")
        return response

    middleware = ReaderPageCacheMiddleware(view)

    def get():
        request = rf.get("/a-page/")
        request.user = AnonymousUser()
        return middleware.process_view(request, view, (), {}) or middleware(request)

    first, second = get(), get()
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == ("miss" if sets_cookie else "hit")
    if sets_cookie:
        assert second.cookies["reader"].value == "one"
        assert "Cache-Control" not in second


def test_staff_never_get_or_fill_the_reader_cache(client, staff_client):
    Condition.objects.filter(slug="sciatica").update(status=Status.DRAFT)
    assert "Not published." in staff_client.get("/conditions/sciatica/").content.decode()
    assert Client().get("/conditions/sciatica/").status_code == 404


def test_last_modified_is_when_the_content_last_changed_not_when_it_was_served(client):
    changed = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    ContentVersion.objects.update(changed_at=changed)
    cache.delete(VERSION_KEY)
    miss = client.get("/conditions/sciatica/")
    hit = client.get("/conditions/sciatica/")
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert miss["Last-Modified"] == hit["Last-Modified"] == "Fri, 02 Jan 2026 03:04:05 GMT"


@pytest.mark.parametrize("path", ["/conditions/sciatica/", "/symptoms/tingling/"])
def test_conditional_requests_get_304(client, path):
    response = client.get(path)
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    since = client.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    # Browsers must ask again each time (a 304 is cheap), on a miss and on a hit, or a
    # corrected page could be shown from their own cache for hours.
    assert (response["X-Cache"], response["Cache-Control"]) == ("miss", "no-cache")
    again = client.get(path)
    assert (again["X-Cache"], again["Cache-Control"]) == ("hit", "no-cache")


# Security headers


def test_security_headers_on_public_pages(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client):
    for path in ["/", "/conditions/stroke/", "/symptoms/numbness/", "/search/?q=leg", "/check/"]:
        html = client.get(path).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
        assert scripts == [], path
        assert " style=" not in html and "<style" not in html, path


def test_admin_login_is_locked_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_user("target", password="right-password-123", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "target", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "target", "password": "right-password-123"}
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_search_is_rate_limited_with_a_clear_page(client, settings):
    settings.SEARCH_RATE = "3/m"
    statuses = [client.get("/search/", {"q": f"leg {i}"}).status_code for i in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429
    assert "Too many searches" in client.get("/search/", {"q": "leg 9"}).content.decode()


def test_suggestions_are_rate_limited_with_json(client, settings):
    settings.SUGGEST_RATE = "2/m"
    statuses = [client.get("/search/suggest/", {"q": f"sc{i}"}).status_code for i in range(4)]
    assert statuses[-1] == 429
    assert "Too many requests" in client.get("/search/suggest/", {"q": "x"}).json()["error"]


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}


# A broken cache: tests/test_resilience.py.


# Hostile text in every editor field


PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '"><iframe src="javascript:alert(1)">',
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    "<<script>script>alert(1)<</script>/script>",
    "[x](javascript:alert(1))",
    '<div style="x:expression(alert(1))">',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_in_every_editor_field_renders_inert(client, payload):
    condition = Condition.objects.get(slug="sciatica")
    for field in ["name", "aliases", "summary", *Condition.PROSE_FIELDS]:
        value = payload if field != "name" else f"Sciatica {payload}"[:200]
        setattr(condition, field, value if field != "summary" else payload[:160])
    condition.save()
    Reference.objects.filter(condition=condition).update(
        title=payload, publisher=payload, url="javascript:alert(1)"
    )
    symptom = Symptom.objects.get(slug="tingling")
    symptom.name, symptom.aliases, symptom.description = f"Tingling {payload}", payload, payload
    symptom.save()
    ConditionSymptom.objects.filter(condition=condition).update(note=payload[:200])
    condition.tags.add(payload[:100])
    for severity in Severity.objects.all():
        severity.name = f"{severity.name} {payload}"[:100]
        severity.card_heading, severity.advice = payload[:200], payload
        severity.save()
    BodyArea.objects.filter(slug="lower-back").update(
        name=f"Lower back {payload}"[:100], description=payload
    )
    Trigger.objects.update(name=payload[:200])
    cache.clear()
    pages = [
        "/", "/conditions/", "/conditions/sciatica/", "/symptoms/", "/symptoms/tingling/",
        "/search/?q=sciatica", "/body-areas/lower-back/", "/check/?symptom=tingling",
    ]  # fmt: skip
    live_markup = re.compile(
        r"<script>alert|<img\b|<svg\b|<iframe\b|<[a-z][^>]*\son\w+=|href=[\"']?(javascript|data):"
        r"|<[a-z][^>]*\sstyle=",
        re.I,
    )
    for path in pages:
        html = client.get(path).content.decode()
        body = html.split("</head>", 1)[1]
        found = live_markup.search(body)
        assert found is None, (path, found and body[found.start() - 60 : found.end() + 60])
        head_scripts = re.findall(r"<script[^>]*>(.*?)</script>", html.split("</head>")[0], re.S)
        for script in head_scripts:
            assert "</script" not in script.lower() and "<script" not in script.lower()


CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_of(response):
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_reviewer_roles_reach_admin_under_csp(client, django_user_model):
    """The admin works under the same strict policy: nothing inline that it would block."""
    user = django_user_model.objects.create_user("rev", password="pw-long-enough-1", is_staff=True)
    user.groups.add(Group.objects.get(name=workflow.REVIEWERS_GROUP))
    client.force_login(user)
    stroke = Condition.objects.get(slug="stroke")
    pages = {
        "/admin/": "<h1>Leg pain library</h1>",
        "/admin/conditions/condition/": "<h1>Select condition to change</h1>",
        f"/admin/conditions/condition/{stroke.pk}/change/": 'name="summary"',
        f"/admin/conditions/condition/publish/?ids={stroke.pk}": "<h1>Check and publish</h1>",
    }
    for path, expected in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert csp_of(response) == CSP_DIRECTIVES, path
        html = response.content.decode()
        assert expected in html, path
        assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
        assert " style=" not in html and "<style" not in html, path


def test_cached_pages_keep_their_security_headers(client):
    client.get("/conditions/stroke/")
    cached = client.get("/conditions/stroke/")
    assert "frame-ancestors 'none'" in cached["Content-Security-Policy"]
    assert cached["X-Frame-Options"] == "DENY"


def test_deploy_check_asks_for_a_shared_cache(settings):
    from conditions.checks import shared_cache_check

    settings.DEBUG, settings.REDIS_URL = False, ""
    assert [w.id for w in shared_cache_check()] == ["legpain.W001"]
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert shared_cache_check() == []


def test_cached_pages_are_kept_apart_per_host(client, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    first = client.get("/robots.txt", HTTP_HOST="a.example").content.decode()
    second = client.get("/robots.txt", HTTP_HOST="b.example").content.decode()
    assert "http://a.example/sitemap.xml" in first
    assert "http://b.example/sitemap.xml" in second


# Small things that matter in production


def test_a_request_for_another_host_logs_one_warning_line(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    assert records[0].levelname == "WARNING" and records[0].exc_info is None
    assert "evil.example" in records[0].getMessage()


def test_pages_forbid_browser_features_they_do_not_use(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_gunicorn_spreads_worker_restarts_and_outwaits_the_database_deadlines(settings):
    config = {}
    exec((settings.BASE_DIR / "gunicorn.conf.py").read_text(), config)
    assert config["max_requests_jitter"] >= config["max_requests"] // 2
    worst_request = settings.DATABASE_CONNECT_TIMEOUT + settings.DATABASE_ANSWER_TIMEOUT
    assert config["graceful_timeout"] > worst_request
    assert config["timeout"] > worst_request
    assert config["worker_class"] == "gthread" and config["threads"] >= 2
    assert "{legpain_client_ip}e" in config["access_log_format"]


# HTTPS under production settings (DEBUG off, nothing else said)

PRODUCTION_ENV = {"SECRET_KEY": "a-production-secret-key-for-this-test", "ALLOWED_HOSTS": "x.org"}
HTTPS_NAMES = [
    "HTTPS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
]  # fmt: skip


def production_settings(monkeypatch, **env):
    """legpain.settings as a production server would load it, with ``env`` on top."""
    import importlib

    import legpain.settings

    unset = [*HTTPS_NAMES, "DEBUG", "SECURE_PROXY_SSL_HEADER"]
    try:
        with monkeypatch.context() as patch:
            for name in unset:
                patch.delenv(name, raising=False)
            for name, value in {**PRODUCTION_ENV, **env}.items():
                patch.setenv(name, value)
            module = importlib.reload(legpain.settings)
            return {
                name: getattr(module, name, None)
                for name in [*HTTPS_NAMES, "DEBUG", "SECURE_PROXY_SSL_HEADER"]
            }
    finally:
        importlib.reload(legpain.settings)  # back to the test run's own environment


def test_production_turns_on_https_hsts_and_secure_cookies(monkeypatch):
    assert production_settings(monkeypatch) == {
        "DEBUG": False,
        "HTTPS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,  # a proxy's header is not believed unless asked
    }


def test_https_can_be_turned_off_and_a_proxy_believed(monkeypatch):
    off = production_settings(monkeypatch, HTTPS="0")
    assert [off[name] for name in HTTPS_NAMES] == [False, False, False, False, 0, False, False]
    proxied = production_settings(monkeypatch, SECURE_PROXY_SSL_HEADER="1")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxied["SECURE_SSL_REDIRECT"] is True


def test_production_https_settings_redirect_and_send_hsts(client, settings, monkeypatch):
    production = production_settings(monkeypatch, SECURE_PROXY_SSL_HEADER="1")
    for name in HTTPS_NAMES[1:] + ["SECURE_PROXY_SSL_HEADER"]:
        setattr(settings, name, production[name])
    plain = client.get("/conditions/sciatica/")
    assert (plain.status_code, plain["Location"]) == (
        301,
        "https://testserver/conditions/sciatica/",
    )
    # Behind the TLS-terminating balancer: its header says the reader used https.
    secure = client.get("/conditions/sciatica/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "<h1>Sciatica</h1>" in secure.content.decode()
