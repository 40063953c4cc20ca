"""The editorial form's usability (issue 13), checked on the server: the error summary's
rows, the summary's counter markup, readable tag rows, no review comment box to fill in,
no add/change/delete icons next to the care level, and one-click choices."""

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag

from conditions import workflow
from conditions.admin_forms import ErrorRow, error_rows
from conditions.models import Condition, Severity, Status, Symptom, TaggedCondition
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

ADD = "/admin/conditions/condition/add/"
SUBMIT = "_submit_for_review"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("edie", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=workflow.EDITORS_GROUP))
    client.force_login(user)
    return client


def add_form_data(editor):
    """The empty add form as a browser posts it (no boxes ticked)."""
    data = form_data(editor.get(ADD))
    data.update(body_areas=[], audiences=[], triggers=[], related=[])
    return data


def invalid_post(editor):
    """An add form with its care level, summary and a reference's publisher left out."""
    data = add_form_data(editor)
    data.update(name="Half-filled knee", slug="half-filled-knee", summary="", severity="")
    data["references-0-title"] = "Leg pain"
    data["references-0-url"] = "https://medlineplus.gov/ency/article/003182.htm"
    data[SUBMIT] = "Submit for review"
    response = editor.post(ADD, data)
    assert response.status_code == 200
    return response


def rows_of(response):
    context = response.context
    return error_rows(context["adminform"], context["inline_admin_formsets"])


def test_error_rows_name_each_field_and_link_to_its_input(editor):
    rows = rows_of(invalid_post(editor))
    assert ErrorRow("Summary", "id_summary", "This field is required.") in rows
    assert ErrorRow("Severity", "id_severity", "This field is required.") in rows
    assert (
        ErrorRow("Reference 1, Publisher", "id_references-0-publisher", "This field is required.")
        in rows
    )
    # In the order of the page: the form's fields, then the rows below it.
    labels = [row.label for row in rows]
    assert (
        labels.index("Summary") < labels.index("Severity") < labels.index("Reference 1, Publisher")
    )
    assert not Condition.objects.filter(slug="half-filled-knee").exists()


def test_error_rows_cover_whole_form_and_whole_set_problems(editor, make_condition):
    condition = make_condition(status=Status.DRAFT)
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(editor.get(url))
    data["references-0-title"] = "Bad"
    data["references-0-publisher"] = "Bad"
    data["references-0-url"] = "ftp://example.org/file"
    numbness = Symptom.objects.get(name="Numbness").pk
    # The same symptom twice: a problem with the whole set of rows, not one row.
    data["symptom_links-0-symptom"] = data["symptom_links-1-symptom"] = numbness
    response = editor.post(url, data)
    rows = rows_of(response)
    whole_set = [row for row in rows if row.label == "Symptom links"]
    assert whole_set and whole_set[0].field_id == "id_symptom_links-0-symptom"
    url_rows = [row for row in rows if row.label == "Reference 1, URL"]
    assert url_rows and url_rows[0].field_id == "id_references-0-url"


def test_error_rows_link_a_checkbox_list_to_its_first_box():
    from django import forms

    class Form(forms.Form):
        areas = forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
        )

    class AdminForm:
        form = Form(data={})
        fieldsets = [(None, {"fields": ["areas"]})]

    assert error_rows(AdminForm(), []) == [
        ErrorRow("Areas", "id_areas_0", "This field is required.")
    ]


def test_the_summary_is_rendered_at_the_top_instead_of_djangos_note(editor):
    page = invalid_post(editor).content.decode()
    top = page.index('class="error-summary"')
    assert top < page.index('id="id_name"')
    assert "There is a problem" in page
    assert '<a href="#id_summary" data-field="id_summary">Summary: This field is required.</a>' in (
        page
    )
    assert 'href="#id_references-0-publisher"' in page
    assert "js/admin-error-summary.js" in page and "css/admin-editorial.css" in page


def test_no_summary_and_a_required_legend_on_a_fresh_form(editor):
    page = editor.get(ADD).content.decode()
    assert 'class="error-summary"' not in page
    assert "Fields marked" in page and "are required" in page
    assert '<label class="required" for="id_name">' in page


def test_the_summary_has_a_counter_hint_and_no_hard_limit(editor):
    page = editor.get(ADD).content.decode()
    textarea = page[page.index('<textarea name="summary"') :].split(">", 1)[0]
    assert 'data-max-length="160"' in textarea
    assert 'rows="3"' in textarea
    assert "maxlength" not in textarea  # the counter says "too many"; the server refuses
    assert "id_summary_hint" in textarea.split("aria-describedby=")[1]
    assert '<div class="char-count-hint" id="id_summary_hint">Up to 160 characters</div>' in page
    assert "js/admin-counter.js" in page


def test_the_guide_summary_has_the_counter_too(editor):
    page = editor.get("/admin/conditions/guide/add/").content.decode()
    assert 'data-max-length="160"' in page and "Up to 160 characters" in page


def test_a_summary_is_one_line_and_too_long_is_still_refused(editor):
    data = add_form_data(editor)
    severity = Severity.objects.get(slug="see-a-doctor")
    data.update(name="Line knee", slug="line-knee", severity=severity.pk)
    data["summary"] = "x" * 161
    page = editor.post(ADD, data).content.decode()
    assert "Ensure this value has at most 160 characters (it has 161)." in page
    data["summary"] = "  Two lines\r\nof summary.  "
    assert editor.post(ADD, data).status_code == 302
    assert Condition.objects.get(slug="line-knee").summary == "Two lines of summary."


def test_tag_rows_read_as_the_tag():
    condition = Condition.objects.get(slug="sciatica")
    tag, _ = Tag.objects.get_or_create(name="Injury", defaults={"slug": "injury"})
    link = TaggedCondition.objects.create(content_object=condition, tag=tag)
    assert str(link) == "Injury"


def test_no_review_comment_box_on_a_new_item(editor):
    for path in (ADD, "/admin/conditions/symptom/add/", "/admin/conditions/guide/add/"):
        page = editor.get(path).content.decode()
        assert 'name="review_comment"' not in page, path
        assert "Review comment" not in page, path


def test_a_reviewers_comment_is_shown_but_cannot_be_edited(editor, make_condition):
    condition = make_condition(status=Status.DRAFT)
    Condition.objects.filter(pk=condition.pk).update(review_comment="Check the wording.")
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    response = editor.get(url)
    page = response.content.decode()
    assert "Check the wording." in page and 'name="review_comment"' not in page
    data = form_data(response)
    data["review_comment"] = "Nothing to see"
    editor.post(url, data)
    assert Condition.objects.get(pk=condition.pk).review_comment == "Check the wording."


def test_no_add_change_or_delete_icons_next_to_the_care_level(admin_client):
    page = admin_client.get(ADD).content.decode()
    assert 'id="id_severity"' in page
    for icon in ("add", "change", "delete"):
        assert f'id="{icon}_id_severity"' not in page, icon


def test_choices_take_one_click_and_rows_are_ready(editor):
    page = editor.get(ADD).content.decode()
    for name in ("body_areas", "audiences", "triggers"):
        assert f'type="checkbox" name="{name}"' in page, name
    assert 'data-field-name="body areas"' not in page  # no two-box filter widget
    assert 'id="id_symptom_links-2-symptom"' in page  # three symptom rows
    assert 'id="id_references-1-title"' in page  # two reference rows


def test_change_lists_load_the_editorial_stylesheet(editor):
    page = editor.get("/admin/conditions/condition/").content.decode()
    assert "css/admin-editorial.css" in page
