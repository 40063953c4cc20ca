"""Pages cost the same number of queries however many items they link to."""

import pytest

from conditions.checker.outcome import forget_published_rules
from conditions.content_version import batched as content_version_batched
from conditions.content_version import content_version
from conditions.models import BodyArea, ConditionSymptom, Status
from conditions.search import indexing

pytestmark = pytest.mark.django_db


def count_queries(client, path, django_assert_max_num_queries, bound):
    # The first page after a content change reads the new content version from the
    # database (one query, once for all pages); count the page's own queries.
    content_version()
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("kind", ["anonymous", "staff"])
def test_condition_page_queries_do_not_grow(
    request, kind, make_condition, enrich, django_assert_max_num_queries
):
    client = request.getfixturevalue("client" if kind == "anonymous" else "staff_client")
    small = enrich(make_condition(), 1)
    large = enrich(make_condition(), 25)
    few = count_queries(client, small.get_absolute_url(), django_assert_max_num_queries, 14)
    many = count_queries(client, large.get_absolute_url(), django_assert_max_num_queries, 14)
    assert few == many


def test_symptom_page_queries_do_not_grow(
    client, make_symptom, make_condition, django_assert_max_num_queries
):
    lonely, busy = make_symptom(), make_symptom()
    ConditionSymptom.objects.create(condition=make_condition(), symptom=lonely)
    for _ in range(30):
        ConditionSymptom.objects.create(condition=make_condition(), symptom=busy)
    busy.body_areas.set(BodyArea.objects.all())
    lonely.body_areas.set(BodyArea.objects.all()[:1])
    few = count_queries(client, lonely.get_absolute_url(), django_assert_max_num_queries, 6)
    many = count_queries(client, busy.get_absolute_url(), django_assert_max_num_queries, 6)
    assert few == many


@pytest.mark.parametrize(
    "path, bound",
    [
        ("/", 4),
        ("/conditions/", 2),
        ("/symptoms/", 2),
        ("/body-areas/lower-leg-calf/", 5),
        ("/tags/nerves/", 3),
        ("/sitemap.xml", 10),
    ],
)
def test_list_pages_queries_do_not_grow(
    client, path, bound, make_condition, make_symptom, enrich, django_assert_max_num_queries
):
    before = count_queries(client, path, django_assert_max_num_queries, bound)
    calf = BodyArea.objects.get(slug="lower-leg-calf")
    # These pages do not read the search index: skip indexing each of the many saves.
    with indexing.paused(), content_version_batched():
        for _ in range(20):
            condition = enrich(make_condition(), 3)
            condition.body_areas.add(calf)
            condition.tags.add("Nerves")
            make_symptom(is_red_flag=False, status=Status.PUBLISHED).body_areas.add(calf)
    after = count_queries(client, path, django_assert_max_num_queries, bound)
    assert before == after


def checker_queries(client, query, django_assert_max_num_queries):
    """A result page's queries: (the first after a content change, which reads the rules
    with their symptoms and audiences, 4 queries; the next, which reuses them)."""
    forget_published_rules()
    cold = count_queries(client, f"/check/result/?{query}", django_assert_max_num_queries, 14)
    warm = count_queries(client, f"/check/result/?{query}", django_assert_max_num_queries, 10)
    assert cold - warm == 4
    return cold


def test_checker_result_queries_do_not_grow_with_the_answers(client, django_assert_max_num_queries):
    """Two answer sets that meet no rule, one small and one large: the same queries."""
    few = "signs=none&area=knee&side=one&symptom=calf-pain&onset=gradual&trigger=night-or-rest"
    many = (
        "signs=none&area=knee&area=lower-back&area=whole-leg&side=one"
        "&symptom=calf-pain&symptom=tingling&symptom=burning-feeling&symptom=tiredness"
        "&symptom=muscle-cramps&symptom=aching-muscles&symptom=stiffness&onset=gradual"
        "&trigger=night-or-rest&trigger=exercise-or-injury"
    )
    queries = [
        checker_queries(client, query, django_assert_max_num_queries) for query in (few, many)
    ]
    assert queries[0] == queries[1]


def test_checker_result_queries_do_not_grow_with_the_warning_signs(
    client, django_assert_max_num_queries
):
    one = "symptom=cold-pale-leg"
    four = one + "&symptom=bleeding-vein&symptom=rash-does-not-fade&symptom=knee-locked"
    queries = [
        checker_queries(client, query, django_assert_max_num_queries) for query in (one, four)
    ]
    assert queries[0] == queries[1]
