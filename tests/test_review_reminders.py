"""Review reminders: the weekly email to medical reviewers and the dashboard's list."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone

from conditions import workflow
from conditions.models import Condition, Guide, Status, Symptom

pytestmark = pytest.mark.django_db

SITE = "https://legpain.example"
FAR = datetime.date(2099, 1, 1)


@pytest.fixture(autouse=True)
def email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = SITE


@pytest.fixture
def people(django_user_model):
    def make(username, group, email="", active=True, **names):
        user = django_user_model.objects.create_user(
            username, email=email, password="pw", is_staff=True, is_active=active, **names
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "ann": make("ann", workflow.REVIEWERS_GROUP, "ann@example.org",
                    first_name="Ann", last_name="Reviewer"),
        "bob": make("bob", workflow.REVIEWERS_GROUP, "bob@example.org"),
        "no_email": make("carol", workflow.REVIEWERS_GROUP),
        "inactive": make("dave", workflow.REVIEWERS_GROUP, "dave@example.org", active=False),
        "editor": make("erin", workflow.EDITORS_GROUP, "erin@example.org"),
    }  # fmt: skip


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def shown(date):
    return dateformat.format(date, "j M Y")


def link(item):
    return f"{SITE}/admin/conditions/{item._meta.model_name}/{item.pk}/change/"


@pytest.fixture
def due(make_condition):
    """Two overdue and two due-soon items; one due later and one overdue draft."""
    for model in (Condition, Symptom, Guide):
        model.objects.update(next_review_due=FAR)
    Condition.objects.filter(slug="stroke").update(
        next_review_due=day(-10), reviewer_name="Ann Reviewer"
    )
    Condition.objects.filter(slug="sciatica").update(next_review_due=day(5))
    guide = Guide.objects.published().order_by("pk").first()
    Guide.objects.filter(pk=guide.pk).update(next_review_due=day(-1))
    symptom = Symptom.objects.published().order_by("pk").first()
    Symptom.objects.filter(pk=symptom.pk).update(next_review_due=day(20))
    later = Condition.objects.published().exclude(slug__in=["stroke", "sciatica"]).first()
    Condition.objects.filter(pk=later.pk).update(next_review_due=day(45))
    draft = make_condition(name="Draft overdue", status=Status.DRAFT, next_review_due=day(-100))
    return {
        "stroke": Condition.objects.get(slug="stroke"),
        "sciatica": Condition.objects.get(slug="sciatica"),
        "guide": Guide.objects.get(pk=guide.pk),
        "symptom": Symptom.objects.get(pk=symptom.pk),
        "later": later,
        "draft": draft,
    }


def run(*args):
    out = io.StringIO()
    call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_reviewer_with_an_email_gets_the_due_list(people, due):
    output = run()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@example.org",
        "bob@example.org",
    ]
    assert "Sent 2 review reminders (4 pages due for review)." in output
    for message in mail.outbox:
        assert message.subject == "legpain: 4 pages due for review (2 overdue)"
        assert len(message.to) == 1

    ann = next(m for m in mail.outbox if m.to == ["ann@example.org"]).body
    bob = next(m for m in mail.outbox if m.to == ["bob@example.org"]).body
    stroke, guide, sciatica, symptom = (due[k] for k in ("stroke", "guide", "sciatica", "symptom"))
    expected = [
        f"- Stroke (condition), due {shown(day(-10))}, OVERDUE by 10 days"
        f" (you reviewed it last): {link(stroke)}",
        f"- {guide} (guide), due {shown(day(-1))}, OVERDUE by 1 day: {link(guide)}",
        f"- Sciatica (condition), due {shown(day(5))}, in 5 days: {link(sciatica)}",
        f"- {symptom} (symptom), due {shown(day(20))}, in 20 days: {link(symptom)}",
    ]
    listed = [line for line in ann.splitlines() if line.startswith("- ")]
    assert listed == expected  # overdue first, then by date
    assert ann.startswith("Hello Ann Reviewer,")
    assert expected[0].replace(" (you reviewed it last)", "") in bob
    assert "you reviewed it last" not in bob
    for body in (ann, bob):
        assert due["later"].name not in body
        assert "Draft overdue" not in body


def test_days_widens_the_window(people, due):
    run("--days", "60")
    body = mail.outbox[0].body
    assert f"- {due['later'].name} (condition), due {shown(day(45))}, in 45 days" in body
    assert mail.outbox[0].subject == "legpain: 5 pages due for review (2 overdue)"


def test_nothing_due_sends_nothing(people):
    for model in (Condition, Symptom, Guide):
        model.objects.update(next_review_due=FAR)
    output = run()
    assert mail.outbox == []
    assert "No reviews are overdue or due within 30 days: sent nothing." in output


def test_running_twice_sends_twice(people, due):
    run()
    run()
    assert len(mail.outbox) == 4


# The dashboard shows the same reminders


def test_dashboard_lists_reminders_overdue_first_with_guides(admin_client, due):
    page = admin_client.get("/admin/").content.decode()
    dashboard = page.split('id="editorial-dashboard"')[1]
    assert "<h3>Guides</h3>" in dashboard
    stroke, guide, sciatica = due["stroke"], due["guide"], due["sciatica"]
    stroke_line = (
        f'<a href="/admin/conditions/condition/{stroke.pk}/change/">Stroke</a>: due '
        f'{shown(day(-10))}, <strong class="review-overdue">overdue by 10 days</strong>'
    )
    sciatica_line = (
        f'<a href="/admin/conditions/condition/{sciatica.pk}/change/">Sciatica</a>: due '
        f"{shown(day(5))}, in 5 days"
    )
    assert stroke_line in dashboard and sciatica_line in dashboard
    assert dashboard.index(stroke_line) < dashboard.index(sciatica_line)
    assert '<strong class="review-overdue">overdue by 1 day</strong>' in dashboard
    assert f'<a href="/admin/conditions/guide/{guide.pk}/change/">{guide}</a>' in dashboard
    assert due["later"].name not in dashboard.split("Recently changed")[0]
    assert "Draft overdue" not in dashboard


def test_dashboard_queries_do_not_grow(admin_client, due, make_condition, make_symptom):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/admin/").status_code == 200
        return len(queries)

    before = count()
    for i in range(5):
        make_condition(status=Status.IN_REVIEW)
        make_condition(status=Status.DRAFT, review_comment=f"Fix {i}")
        make_condition(next_review_due=day(-i))
        make_symptom(status=Status.IN_REVIEW)
        make_symptom(next_review_due=day(i))
    Guide.objects.update(status=Status.PUBLISHED, next_review_due=day(-2))
    assert count() == before


def test_a_review_due_today_says_so(people, due):
    Condition.objects.filter(slug="sciatica").update(next_review_due=day(0))
    run()
    body = mail.outbox[0].body
    sciatica = due["sciatica"]
    assert f"- Sciatica (condition), due {shown(day(0))}, due today: {link(sciatica)}" in body


def test_a_negative_window_is_refused_and_sends_nothing(people, due):
    with pytest.raises(CommandError, match=r"^--days must be 0 or more\.$"):
        run("--days", "-1")
    assert mail.outbox == []


def test_no_reviewer_with_an_email_sends_nothing_and_says_why(people, due):
    for user in (people["ann"], people["bob"]):
        user.email = ""
        user.save()
    output = run()
    assert mail.outbox == []
    assert output == (
        "4 pages are due for review, but no active medical reviewer has an email address: "
        "sent nothing.\n"
    )
