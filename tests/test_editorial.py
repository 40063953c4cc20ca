"""Roles, the review workflow, validation and history in the admin, checked on the server.

Every rule is tried the way a browser would (the admin's forms and actions) and the way a
crafted request would (direct POSTs that bypass the buttons the page shows).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from conditions import workflow
from conditions.models import Condition, Severity, Status, Symptom
from conditions.reviews import next_review_due
from conditions.search.service import search
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/conditions/condition/"


@pytest.fixture
def make_user(django_user_model):
    def make(role):
        user = django_user_model.objects.create_user(
            role.lower().replace(" ", "-"), password="pw", is_staff=role != "Reader",
            first_name="Dr", last_name=role.split()[-1],
        )  # fmt: skip
        if role in (workflow.EDITORS_GROUP, workflow.REVIEWERS_GROUP):
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def editor(client, make_user):
    client.force_login(make_user(workflow.EDITORS_GROUP))
    return client


@pytest.fixture
def reviewer_client_factory(make_user):
    def make():
        other = Client()
        other.force_login(make_user(workflow.REVIEWERS_GROUP))
        return other

    return make


@pytest.fixture
def reviewer(client, make_user):
    client.force_login(make_user(workflow.REVIEWERS_GROUP))
    return client


def action(client, name, *items, **extra):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [item.pk for item in items], **extra},
        follow=True,
    )


def status_of(item):
    return type(item).objects.get(pk=item.pk).status


def draft_ready(make_condition, **fields):
    """A draft condition with everything it needs to go to review."""
    condition = Condition.objects.get(slug="sciatica")
    condition.pk = None
    condition.id = None
    condition.slug = fields.pop("slug", "sciatica-copy")
    condition.name = fields.pop("name", "Sciatica copy")
    condition.status = Status.DRAFT
    condition.save()
    original = Condition.objects.get(slug="sciatica")
    condition.body_areas.set(original.body_areas.all())
    for link in original.symptom_links.all():
        condition.symptom_links.create(symptom=link.symptom, typicality=link.typicality)
    for reference in original.references.all():
        condition.references.create(title=reference.title, publisher=reference.publisher,
                                    url=reference.url)  # fmt: skip
    return condition


# Who gets in


def test_only_staff_reach_the_admin(client, make_user):
    assert client.get("/admin/").status_code == 302
    client.force_login(make_user("Reader"))
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("role", [workflow.EDITORS_GROUP, workflow.REVIEWERS_GROUP])
def test_roles_reach_the_content_lists(client, make_user, role):
    client.force_login(make_user(role))
    for path in ["/admin/", CHANGELIST, "/admin/conditions/symptom/", "/admin/conditions/synonym/"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/auth/user/").status_code == 403


# Editors


def test_editor_can_create_and_submit_but_not_publish(editor, make_condition):
    condition = draft_ready(make_condition)
    page = editor.get(CHANGELIST).content.decode()
    assert 'value="submit_for_review"' in page
    assert 'value="publish"' not in page and 'value="archive"' not in page

    response = action(editor, "submit_for_review", condition)
    assert "Submitted for review: 1 item changed." in response.content.decode()
    assert status_of(condition) == Status.IN_REVIEW
    assert Version.objects.get_for_object(condition).exists()


@pytest.mark.parametrize("name", ["publish", "archive", "return_to_draft", "mark_reviewed"])
def test_editor_direct_posts_of_reviewer_actions_change_nothing(editor, make_condition, name):
    condition = draft_ready(make_condition)
    published = Condition.objects.get(slug="stroke")
    before = (status_of(condition), status_of(published), published.last_reviewed)
    action(editor, name, condition, published, comment="x", apply="1")
    assert (status_of(condition), status_of(published)) == before[:2]
    assert Condition.objects.get(slug="stroke").last_reviewed == before[2]


def test_editor_cannot_publish_through_the_form(editor, make_condition):
    condition = draft_ready(make_condition)
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    form = editor.get(url)
    assert "status" not in form.context["adminform"].form.fields  # buttons, not a dropdown
    assert 'name="_publish"' not in form.content.decode()
    data = form_data(form)
    editor.post(url, {**data, "status": Status.PUBLISHED, "_save_draft": "1"})
    assert status_of(condition) == Status.DRAFT
    assert editor.post(url, {**data, "_publish": "1"}).status_code == 403
    assert status_of(condition) == Status.DRAFT


def test_editor_cannot_change_or_delete_published_content(editor):
    stroke = Condition.objects.get(slug="stroke")
    url = f"/admin/conditions/condition/{stroke.pk}/"
    data = form_data(editor.get(url + "change/"))
    editor.post(url + "change/", {**data, "name": "Hacked", "_save_draft": "1"})
    assert Condition.objects.get(slug="stroke").name == "Stroke"  # staged, not live
    assert editor.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert Condition.objects.get(slug="stroke").name == "Stroke"


# Reviewers


def publish_page(client, *items):
    """The publish page of ``items``, as the bulk action opens it, and its default form."""
    response = action(client, "publish", *items)
    form = response.context["form"]
    return response, {name: form[name].value() or "" for name in form.fields}


def test_reviewer_publishes_and_readers_see_it(reviewer, make_condition):
    condition = draft_ready(make_condition, name="Quizzical leg", slug="quizzical-leg")
    page, data = publish_page(reviewer, condition)
    assert "A new page: readers have not seen it yet." in page.content.decode()
    response = reviewer.post(page.request["PATH_INFO"] + "?ids=" + str(condition.pk), data,
                             follow=True)  # fmt: skip
    assert "Published “Quizzical leg”. Readers see it now." in response.content.decode()
    assert status_of(condition) == Status.PUBLISHED
    assert [r.condition.slug for r in search("quizzical").results] == ["quizzical-leg"]


def test_publishing_skips_items_that_are_not_ready(reviewer, make_condition):
    bare = make_condition(name="Bare", status=Status.DRAFT)
    ready = draft_ready(make_condition)
    page, data = publish_page(reviewer, bare, ready)
    html = page.content.decode()
    assert "It cannot be published yet:" in html
    assert "<li>Link at least three symptoms.</li>" in html
    assert "<li>Add at least two references.</li>" in html
    assert 'value="Publish 1 item (or schedule)"' in html
    reviewer.post(f"{CHANGELIST}publish/?ids={bare.pk},{ready.pk}", data)
    assert status_of(bare) == Status.DRAFT and status_of(ready) == Status.PUBLISHED


def test_return_to_draft_needs_a_comment_and_keeps_it(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    page = action(reviewer, "return_to_draft", stroke).content.decode()
    assert "What should the editor change?" in page
    assert status_of(stroke) == Status.PUBLISHED
    action(reviewer, "return_to_draft", stroke, apply="1", comment="")
    assert status_of(stroke) == Status.PUBLISHED
    action(reviewer, "return_to_draft", stroke, apply="1", comment="Check the FAST wording.")
    stroke.refresh_from_db()
    assert stroke.status == Status.DRAFT and stroke.review_comment == "Check the FAST wording."


def test_archive_hides_from_readers(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    action(reviewer, "archive", stroke)
    assert status_of(stroke) == Status.ARCHIVED
    assert Client().get("/conditions/stroke/").status_code == 404


def test_mark_reviewed_sets_dates_and_reviewer(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    action(reviewer, "mark_reviewed", stroke)
    stroke.refresh_from_db()
    today = timezone.localdate()
    assert stroke.last_reviewed == today
    assert stroke.next_review_due == next_review_due(today)
    assert stroke.reviewer_name == "Dr reviewers"


def test_published_items_cannot_be_deleted_even_by_reviewers(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    assert (
        reviewer.post(
            f"/admin/conditions/condition/{stroke.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Condition.objects.filter(slug="stroke").exists()
    page = reviewer.get(CHANGELIST).content.decode()
    assert 'value="delete_selected"' not in page


def test_reviewer_deletes_a_draft_after_seeing_what_links_to_it(reviewer, make_condition):
    condition = draft_ready(make_condition)
    url = f"/admin/conditions/condition/{condition.pk}/delete/"
    page = reviewer.get(url).content.decode()
    assert "symptom link" in page.lower()
    reviewer.post(url, {"post": "yes"})
    assert not Condition.objects.filter(pk=condition.pk).exists()


# Validation on the form: clear messages, never a 500, nothing saved


def test_submitting_an_incomplete_condition_explains_every_problem(editor, make_condition):
    condition = make_condition(
        status=Status.DRAFT, severity=Condition.objects.get(slug="stroke").severity
    )
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(editor.get(url))
    data.update(_submit_for_review="1", summary="x" * 161, body_areas=[])  # fmt: skip
    data["references-0-url"] = "javascript:alert(1)"
    data["references-0-title"] = "Bad"
    data["references-0-publisher"] = "Bad"
    response = editor.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    for message in [
        "Ensure this value has at most 160 characters",
        "Choose at least one body area before review or publishing.",
        "Urgent and emergency conditions need",
        "Add at least 3 symptoms before review or publishing.",
    ]:
        assert message in page, message
    assert status_of(condition) == Status.DRAFT


def post_reference_url(editor, condition, address):
    """Post the condition's form unchanged but for its first reference's address; return
    the errors of every part of the form, by part."""
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(editor.get(url))
    data["references-0-url"] = address
    response = editor.post(url, data)
    if response.status_code == 302:
        return {}
    errors = {"form": dict(response.context["adminform"].form.errors)}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        errors[formset.prefix] = [dict(form.errors) for form in formset.forms if form.errors]
        errors[formset.prefix] += [{"set": list(formset.non_form_errors())}] * bool(
            formset.non_form_errors()
        )
    return {part: found for part, found in errors.items() if found}


def test_reference_urls_must_be_web_addresses(editor, make_condition):
    condition = draft_ready(make_condition)
    # The same post with an https address is saved: nothing else in it is refused.
    assert post_reference_url(editor, condition, "https://example.org/ok") == {}
    # ftp:// passes Django's URL field (its schemes include ftp); the reference's own
    # validator allows only http and https.
    errors = post_reference_url(editor, condition, "ftp://example.org/file")
    assert errors == {"references": [{"url": ["Enter a valid URL."]}]}
    references = Condition.objects.get(pk=condition.pk).references
    assert not references.filter(url__startswith="ftp").exists()


def test_the_admin_refuses_other_schemes_even_if_the_model_would_not(
    editor, make_condition, monkeypatch
):
    """The reference set's own check, behind the model's validator: it names the fix."""
    from conditions.models import Reference

    field = Reference._meta.get_field("url")
    monkeypatch.setattr(field, "validators", [])
    condition = draft_ready(make_condition)
    errors = post_reference_url(editor, condition, "ftp://example.org/file")
    assert errors == {
        "references": [{"url": ["Use a web address starting with https:// or http://."]}]
    }
    references = Condition.objects.get(pk=condition.pk).references
    assert not references.filter(url__startswith="ftp").exists()


def test_a_symptom_cannot_be_made_a_warning_sign_on_its_own_form(editor):
    """Warning signs come from the conditions' rules; the symptom form cannot set one."""
    emergency = Severity.objects.get(slug="emergency")
    response = editor.post(
        "/admin/conditions/symptom/add/",
        {"name": "Odd flag", "slug": "odd-flag", "description": "x", "is_red_flag": "on",
         "red_flag_severity": emergency.pk, "status": "draft", "aliases": "",
         "checker_group": "pain"},
    )  # fmt: skip
    assert response.status_code == 302
    symptom = Symptom.objects.get(slug="odd-flag")
    assert (symptom.is_red_flag, symptom.red_flag_severity) == (False, None)


# Preview, history, dashboard


def test_preview_renders_unsaved_text_and_saves_nothing(editor, make_condition):
    condition = draft_ready(make_condition)
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(editor.get(url))
    data["overview"] = "A **brand new** overview. <script>alert(1)</script>"
    page = editor.post(url + "preview/", data).content.decode()
    assert "<strong>brand new</strong>" in page and "<script>alert" not in page
    assert "brand new" not in Condition.objects.get(pk=condition.pk).overview


def test_revert_from_history_restores_text_and_links(reviewer):
    reader = Client()
    stroke = Condition.objects.get(slug="stroke")
    url = f"/admin/conditions/condition/{stroke.pk}/change/"
    data = form_data(reviewer.get(url))
    original_overview = stroke.overview
    links_before = sorted(stroke.symptom_links.values_list("symptom__slug", flat=True))
    data["overview"] = "Completely rewritten overview."
    data["symptom_links-0-DELETE"] = "on"
    assert reviewer.post(url, {**data, "_publish": "1"}).status_code == 302
    _, review = publish_page(reviewer, stroke)
    reviewer.post(f"{CHANGELIST}publish/?ids={stroke.pk}", review)
    assert "Completely rewritten" in reader.get("/conditions/stroke/").content.decode()
    links_after = sorted(stroke.symptom_links.values_list("symptom__slug", flat=True))
    assert len(links_after) == len(links_before) - 1  # the deleted link went with it

    versions = Version.objects.get_for_object(stroke).order_by("revision__date_created")
    assert versions.count() >= 2
    first = versions.first()
    history = reviewer.get(f"{url.replace('change/', 'history/')}").content.decode()
    assert "Loaded the shipped library" in history
    revert_url = url.replace("change/", f"history/{first.pk}/")
    response = reviewer.post(revert_url, {**form_data(reviewer.get(revert_url)), "_publish": "1"})
    assert response.status_code == 302, _errors(response)
    assert "Completely rewritten" in reader.get("/conditions/stroke/").content.decode()
    _, review = publish_page(reviewer, stroke)
    reviewer.post(f"{CHANGELIST}publish/?ids={stroke.pk}", review)
    stroke.refresh_from_db()
    assert stroke.overview == original_overview
    assert sorted(stroke.symptom_links.values_list("symptom__slug", flat=True)) == links_before
    assert "Completely rewritten" not in reader.get("/conditions/stroke/").content.decode()


def test_dashboard_shows_waiting_due_and_recent(reviewer, make_condition):
    condition = draft_ready(make_condition, name="Waiting one")
    workflow.submit_for_review([condition], _user(reviewer))
    Condition.objects.filter(slug="stroke").update(next_review_due=datetime.date(2020, 1, 1))
    page = reviewer.get("/admin/").content.decode()
    dashboard = page.split('id="editorial-dashboard"')[1]
    waiting = Condition.objects.filter(status=Status.IN_REVIEW).count()
    assert f"Waiting for your review ({waiting})" in dashboard and "Waiting one" in dashboard
    stroke = Condition.objects.get(slug="stroke")
    overdue = (timezone.localdate() - datetime.date(2020, 1, 1)).days
    assert (
        f'<a href="/admin/conditions/condition/{stroke.pk}/change/">Stroke</a>: due 1 Jan 2020, '
        f'<strong class="review-overdue">overdue by {overdue} days</strong>'
    ) in dashboard
    assert "Guides" in dashboard and ", <a" not in dashboard  # lists, not comma-joined
    recent = dashboard.split("Recently changed")[1]
    assert f'<a href="/admin/conditions/condition/{condition.pk}/change/">Waiting one</a>' in recent
    assert "(condition), " in recent and ": Submitted for review by Dr reviewers." in recent


def _errors(response):
    context = response.context
    return (
        [context["adminform"].form.errors]
        + [inline.formset.errors for inline in context["inline_admin_formsets"]]
        + [inline.formset.non_form_errors() for inline in context["inline_admin_formsets"]]
    )


def _user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_only_reviewers_curate_severity_levels(client, make_user):
    severity_url = f"/admin/conditions/severity/{Severity.objects.first().pk}/change/"
    client.force_login(make_user(workflow.EDITORS_GROUP))
    assert client.get("/admin/conditions/severity/").status_code == 200  # may look
    response = client.post(severity_url, {"name": "Changed", "rank": 1})
    assert response.status_code == 403
    client.force_login(make_user(workflow.REVIEWERS_GROUP))
    assert client.get(severity_url).status_code == 200


def test_symptoms_follow_the_same_workflow(editor, make_symptom):
    symptom = make_symptom(status=Status.DRAFT)
    response = editor.post(
        "/admin/conditions/symptom/",
        {"action": "submit_for_review", "_selected_action": [symptom.pk]},
        follow=True,
    )
    assert "Submitted for review: 1 item changed." in response.content.decode()
    editor.post(
        "/admin/conditions/symptom/", {"action": "publish", "_selected_action": [symptom.pk]}
    )
    assert status_of(symptom) == Status.IN_REVIEW


def test_review_dates_are_set_by_reviewers_only(editor, reviewer_client_factory):
    stroke_copy = Condition.objects.get(slug="stroke")
    condition = Condition.objects.get(slug="sciatica")
    Condition.objects.filter(pk=condition.pk).update(status=Status.IN_REVIEW)
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    before = (condition.last_reviewed, condition.next_review_due, condition.reviewer_name)
    data = form_data(editor.get(url))
    assert "last_reviewed" not in data
    # Otherwise a valid save (it goes through, with the summary), so only the read-only
    # rule can keep the review record out.
    response = editor.post(
        url,
        {**data, "summary": "An edited summary.", "last_reviewed": "2030-01-01",
         "next_review_due": "2031-01-01", "reviewer_name": "Fake", "reviewer_role": "Fake"},
    )  # fmt: skip
    assert response.status_code == 302, response.context and response.context["errors"]
    condition.refresh_from_db()
    assert condition.summary == "An edited summary."
    assert (condition.last_reviewed, condition.next_review_due, condition.reviewer_name) == before
    assert condition.reviewer_role != "Fake"

    reviewer = reviewer_client_factory()
    url = f"/admin/conditions/condition/{stroke_copy.pk}/change/"
    data = form_data(reviewer.get(url))
    data.update(last_reviewed="2026-05-01", next_review_due="2026-04-01")
    response = reviewer.post(url, data)
    assert response.status_code == 200
    assert "The next review must be due after the last review." in response.content.decode()


def test_editor_cannot_revert_an_archived_item_from_history(editor):
    stroke = Condition.objects.get(slug="stroke")
    Condition.objects.filter(pk=stroke.pk).update(status=Status.ARCHIVED)
    version = Version.objects.get_for_object(stroke).first()
    url = f"/admin/conditions/condition/{stroke.pk}/history/{version.pk}/"
    assert editor.get(url).status_code == 403
    assert editor.post(url, {"summary": "changed", "_save_draft": "1"}).status_code == 403
    assert status_of(stroke) == Status.ARCHIVED


def test_publishing_an_urgent_condition_without_rules_is_skipped_with_the_reason(
    reviewer, make_condition
):
    condition = draft_ready(make_condition)
    Condition.objects.filter(pk=condition.pk).update(severity=Severity.objects.get(slug="urgent"))
    assert not condition.warning_rules.exists()
    page, data = publish_page(reviewer, condition)
    assert "<li>Urgent and emergency conditions need at least one" in page.content.decode()
    response = reviewer.post(f"{CHANGELIST}publish/?ids={condition.pk}", data)
    assert response.status_code == 200  # nothing to publish: the page is shown again
    assert Condition.objects.get(pk=condition.pk).status == Status.DRAFT


def test_nothing_is_published_without_who_reviewed_it_and_when(reviewer, make_condition):
    condition = draft_ready(make_condition)
    page, data = publish_page(reviewer, condition)
    url = f"{CHANGELIST}publish/?ids={condition.pk}"
    response = reviewer.post(url, {**data, "reviewer_name": " ", "next_review_due": ""})
    html = response.content.decode()
    assert html.count("This field is required.") == 2
    assert Condition.objects.get(pk=condition.pk).status == Status.DRAFT
    earlier = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = reviewer.post(url, {**data, "next_review_due": earlier})
    assert "The next review must be due after the last." in response.content.decode()
    assert Condition.objects.get(pk=condition.pk).status == Status.DRAFT


def test_the_page_says_who_last_reviewed_it(client):
    Condition.objects.filter(slug="stroke").update(
        reviewer_name="Dr A Example", reviewer_role="GP", last_reviewed=datetime.date(2026, 11, 2)
    )
    html = client.get("/conditions/stroke/").content.decode()
    assert '<time datetime="2026-11-02">2 November 2026</time> by Dr A Example, GP' in html
