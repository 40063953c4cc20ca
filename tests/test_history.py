"""Readable history: sentences on the History page, word-level compare, breadcrumbs.

Revisions are made the way the workflow and the admin make them (``create_revision`` with
a user and a comment), and the pages are read as an editor or reviewer sees them.
"""

import html
import re

import pytest
import reversion
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from conditions import workflow
from conditions.history import describe_revision
from conditions.models import BodyArea, Condition, Severity, Status, Symptom, Synonym

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    def make(username, first, last, group=None, **extra):
        user = django_user_model.objects.create_user(
            username, password=None, first_name=first, last_name=last, is_staff=True, **extra
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "editor": make("erin", "Erin", "Editor", workflow.EDITORS_GROUP),
        "reviewer": make("ada", "Ada", "Reviewer", workflow.REVIEWERS_GROUP),
        "staff": make("sam", "", "", None),  # staff with no role: sees only what readers see
    }


def client_for(client, user):
    client.force_login(user)
    return client


def save_revision(item, user, comment):
    with reversion.create_revision():
        item.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    return Version.objects.get_for_object(item).order_by("-pk").first()


def link(condition, symptom_name, typicality=3):
    return condition.symptom_links.create(
        symptom=Symptom.objects.get(name=symptom_name), typicality=typicality
    )


@pytest.fixture
def two_versions(make_condition, people):
    """A draft condition saved twice: text, care level, body areas and symptom links change."""
    condition = make_condition(
        name="Restless shin",
        slug="restless-shin",
        status=Status.DRAFT,
        overview="Rest usually helps.",
        severity=Severity.objects.get(slug="self-care"),
    )
    condition.body_areas.set([BodyArea.objects.get(name="Knee")])
    link(condition, "Calf pain")
    link(condition, "Buttock pain")
    first = save_revision(condition, people["editor"], "Saved as a draft by Erin Editor.")

    condition.overview = "Rest often helps a lot."
    condition.severity = Severity.objects.get(slug="see-a-doctor")
    condition.status = Status.IN_REVIEW
    condition.body_areas.set([BodyArea.objects.get(name="Upper leg (thigh)")])
    condition.symptom_links.get(symptom__name="Calf pain").delete()
    link(condition, "Lower back pain")
    condition.symptom_links.filter(symptom__name="Buttock pain").update(typicality=2)
    second = save_revision(condition, people["editor"], "Submitted for review by Erin Editor.")
    return condition, first, second


def compare_url(item, first, second):
    opts = item._meta
    return (
        f"/admin/{opts.app_label}/{opts.model_name}/{item.pk}/history/compare/"
        f"?version_id1={first.pk}&version_id2={second.pk}"
    )


def text(fragment):
    """What a reader sees of an HTML fragment: tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def breadcrumbs(page):
    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', page, re.S).group(1)
    return text(trail)


def differences(page):
    """{label: [lines]} of the compare page; a line per list item, nested items included."""
    found = {}
    body = page.split('<p class="history-links-back">')[0]
    for chunk in body.split('<h2 class="history-field">')[1:]:
        label, _, rest = chunk.partition("</h2>")
        lines = [text(part) for part in re.split(r"<li[^>]*>", rest)]
        found[text(label)] = [line for line in lines if line]
    return found


def when(version):
    return date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")


# The compare page


def test_compare_shows_words_care_level_and_links_in_plain_words(client, people, two_versions):
    condition, first, second = two_versions
    page = client_for(client, people["reviewer"]).get(compare_url(condition, first, second))
    assert page.status_code == 200
    page = page.content.decode()

    assert (
        '<div class="history-text">Rest <del>usually</del><ins>often</ins> helps'
        "<ins> a lot</ins>.</div>"
    ) in page
    found = differences(page)
    # Only what changed, by the names the form uses, in the form's order.
    assert list(found) == ["Care level", "Overview", "Body areas", "Status", "Symptom links"]
    assert found["Care level"] == ["Self-care at home → See a doctor"]
    assert found["Body areas"] == ["Added: Upper leg (thigh)", "Removed: Knee"]
    assert found["Status"] == ["Draft → In review"]
    assert found["Symptom links"] == [
        "Added: Lower back pain",
        "Removed: Calf pain",
        "Changed: Buttock pain",
        "Typicality: Common → Sometimes",
    ]
    assert "not under reversion control" not in page
    assert "Field didn" not in page
    versions = re.search(r'<dl class="history-versions">(.*?)</dl>', page, re.S).group(1)
    assert text(versions) == (
        f"Older version, {when(first)} Saved as a draft by Erin Editor. "
        f"Newer version, {when(second)} Submitted for review by Erin Editor."
    )


def test_compare_breadcrumbs_name_each_level_once(client, people, two_versions):
    condition, first, second = two_versions
    page = client_for(client, people["reviewer"]).get(compare_url(condition, first, second))
    assert breadcrumbs(page.content.decode()) == (
        "Home › Leg pain library › Conditions › Restless shin › History › Compare"
    )
    assert "<h1>Compare versions of Restless shin</h1>" in page.content.decode()


def test_history_and_revision_pages_have_the_same_trail(client, people, two_versions):
    condition, first, _second = two_versions
    reviewer = client_for(client, people["reviewer"])
    base = f"/admin/conditions/condition/{condition.pk}/history/"
    assert breadcrumbs(reviewer.get(base).content.decode()) == (
        "Home › Leg pain library › Conditions › Restless shin › History"
    )
    revision = reviewer.get(f"{base}{first.pk}/")
    assert revision.status_code == 200
    assert breadcrumbs(revision.content.decode()) == (
        f"Home › Leg pain library › Conditions › Restless shin › History › Version of {when(first)}"
    )


def test_the_same_versions_compare_as_no_difference(client, people, make_condition):
    condition = make_condition(status=Status.DRAFT)
    first = save_revision(condition, people["editor"], "Saved as a draft by Erin Editor.")
    second = save_revision(condition, people["editor"], "Saved as a draft by Erin Editor.")
    page = client_for(client, people["editor"]).get(compare_url(condition, first, second))
    html_page = page.content.decode()
    assert differences(html_page) == {}
    assert "Nothing that editors write changed between these two versions." in html_page


def test_care_levels_and_synonyms_compare_in_words(client, people):
    severity = Severity.objects.get(slug="see-a-doctor")
    first = save_revision(severity, people["reviewer"], "")
    severity.advice = "Book an appointment with your GP."
    severity.card_style = Severity.CardStyle.URGENT
    second = save_revision(severity, people["reviewer"], "Changed Advice and Card style.")
    # Editors may look at care levels (not change them): they may compare them too.
    page = client_for(client, people["editor"]).get(compare_url(severity, first, second))
    assert page.status_code == 200
    found = differences(page.content.decode())
    assert list(found) == ["Card style", "Advice"]
    assert found["Card style"] == ["Non-urgent (blue card) → Urgent (red card)"]
    assert "See a doctor" in page.content.decode()

    synonym = Synonym.objects.create(phrases="shin splints\nmedial tibial stress")
    first = save_revision(synonym, people["reviewer"], "Added.")
    synonym.phrases = "shin splints\nshin pain when running"
    second = save_revision(synonym, people["reviewer"], "Changed Phrases.")
    page = client.get(compare_url(synonym, first, second)).content.decode()
    assert list(differences(page)) == ["Phrases"]
    assert "shin splints\n<del>medial tibial stress</del><ins>shin pain when running</ins>" in page


# Who may compare


def test_only_people_who_may_view_an_item_reach_its_compare_page(client, people, two_versions):
    condition, first, second = two_versions
    url = compare_url(condition, first, second)
    assert client_for(client, people["staff"]).get(url).status_code == 403
    assert client.get(f"/admin/conditions/condition/{condition.pk}/history/").status_code == 403
    # An editor may read the comparison of an archived item but is not offered a revert.
    Condition.objects.filter(pk=condition.pk).update(status=Status.ARCHIVED)
    page = client_for(client, people["editor"]).get(url)
    assert page.status_code == 200
    assert "See the older version and revert to it" not in page.content.decode()
    history = client.get(f"/admin/conditions/condition/{condition.pk}/history/").content.decode()
    assert f"/history/{first.pk}/" not in history  # dates are not links to a revert page
    page = client_for(client, people["reviewer"]).get(url)
    assert "See the older version and revert to it" in page.content.decode()


def test_versions_of_another_item_are_not_compared(client, people, two_versions, make_condition):
    condition, first, second = two_versions
    other = make_condition()
    url = compare_url(other, first, second)
    assert client_for(client, people["reviewer"]).get(url).status_code == 404


# The History page


def test_history_lists_each_revision_as_a_sentence(client, people, make_condition):
    editor, reviewer = people["editor"], people["reviewer"]
    condition = make_condition(name="Worded leg", slug="worded-leg", status=Status.DRAFT)
    save_revision(condition, editor, "Saved as a draft by Erin Editor.")
    save_revision(condition, editor, "Changed Status and Summary.")
    save_revision(
        condition,
        reviewer,
        '[{"changed": {"fields": ["Overview", "Who it affects"]}}, '
        '{"added": {"name": "symptom link", "object": "Calf pain"}}]',
    )
    condition.review_comment = "Say how long rest takes."
    save_revision(condition, reviewer, "Returned to draft.")
    save_revision(condition, reviewer, "Published by Ada Reviewer.")

    page = client_for(client, editor).get(f"/admin/conditions/condition/{condition.pk}/history/")
    sentences = re.findall(r'<td class="history-sentence">(.*?)</td>', page.content.decode())
    assert [html.unescape(s) for s in sentences] == [
        "Published by Ada Reviewer.",
        "Returned to draft by Ada Reviewer: Say how long rest takes.",
        "Changed overview and who it affects; added symptom link “Calf pain” by Ada Reviewer.",
        "Changed status and summary by Erin Editor.",
        "Saved as a draft by Erin Editor.",
    ]


@pytest.mark.parametrize(
    ("comment", "sentence"),
    [
        ("Published by A. Reviewer.", "Published by A. Reviewer."),
        ("Returned to draft by A. Reviewer: Add a source.",
         "Returned to draft by A. Reviewer: Add a source."),
        ("Change staged for review by E. Editor.", "Change staged for review by E. Editor."),
        ("Published as scheduled; approved by A. Reviewer.",
         "Published as scheduled; approved by A. Reviewer."),
        ("Saved as a draft by A. Reviewer. Changed Overview and Summary.",
         "Saved as a draft by A. Reviewer. Changed overview and summary."),
        ("Submitted for review by E. Editor. Added symptom link “Calf pain”. Changed "
         "Typicality for symptom link “Buttock pain”.",
         "Submitted for review by E. Editor. Added symptom link “Calf pain”; changed "
         "typicality of symptom link “Buttock pain”."),
        ("Loaded the shipped library", "Loaded the shipped library"),
        ("Imported content", "Imported content"),
        ("Published.", "Published by Erin Editor."),
        ("Submitted for review.", "Submitted for review by Erin Editor."),
        ("Added.", "Created by Erin Editor."),
        ("Initial version.", "Created by Erin Editor."),
        ("No fields changed.", "Saved with no changes by Erin Editor."),
        ("Changed URL for reference “NHS (NHS)”.",
         "Changed URL of reference “NHS (NHS)” by Erin Editor."),
        ("Changed Overview. Deleted symptom link “Calf pain”.",
         "Changed overview; removed symptom link “Calf pain” by Erin Editor."),
        ('[{"added": {}}]', "Created by Erin Editor."),
        ('[{"deleted": {"name": "reference", "object": "Old leaflet"}}]',
         "Removed reference “Old leaflet” by Erin Editor."),
        ("", "Saved by Erin Editor."),
        ("Fixed a typo", "Fixed a typo (Erin Editor)"),
    ],
)  # fmt: skip
def test_sentences_for_every_kind_of_comment(people, make_condition, comment, sentence):
    version = save_revision(make_condition(), people["editor"], comment)
    assert describe_revision(version) == sentence
    assert describe_revision(version.revision) == sentence


def test_a_revision_without_a_user_names_no_one(make_condition):
    condition = make_condition()
    with reversion.create_revision():
        condition.save()
        reversion.set_comment("Changed Summary.")
    version = Version.objects.get_for_object(condition).first()
    assert describe_revision(version) == "Changed summary."


def test_the_shipped_library_reads_as_loaded(client, people):
    stroke = Condition.objects.get(slug="stroke")
    page = client_for(client, people["reviewer"]).get(
        f"/admin/conditions/condition/{stroke.pk}/history/"
    )
    sentences = re.findall(r'<td class="history-sentence">(.*?)</td>', page.content.decode())
    assert sentences[-1] == "Loaded the shipped library"
