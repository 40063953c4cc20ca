"""The curated 'when to get help' rules: one source for the condition pages and the checker.

Every published rule is tested from the data itself, so a rule an editor adds is covered
without a new test: answering exactly its signs gives its level in the checker, and its
wording is on its condition's page in the card of that level.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import QueryDict
from django.test import Client

from conditions.checker import warning_signs
from conditions.checker.answers import read_answers
from conditions.checker.outcome import assess, met_rules
from conditions.content_transfer import export_content, import_content
from conditions.models import Condition, Severity, Status, Symptom, WarningRule
from tests.admin_forms import form_data, publish

pytestmark = pytest.mark.django_db


def published_rules():
    return list(WarningRule.objects.for_checking().order_by("condition__slug", "order", "pk"))


def rule_id(rule):
    return f"{rule.condition.slug}:{rule.order}"


def answers_for(rule):
    """Exactly the rule's signs, as the checker's form would send them."""
    query = QueryDict(mutable=True)
    for symptom in rule.symptoms.all():
        query.appendlist("symptom", symptom.slug)
    either = list(rule.any_symptoms.all())
    if either:
        query.appendlist("symptom", either[0].slug)
    query["side"] = rule.side or "not-sure"
    query["onset"] = rule.onset or "not-sure"
    if rule.trigger:
        query["trigger"] = rule.trigger.slug
    audiences = list(rule.audiences.all())
    if audiences:
        query["who"] = audiences[0].slug
    return query


@pytest.fixture(scope="module")
def rule_ids(django_db_blocker):
    with django_db_blocker.unblock():
        return [rule_id(rule) for rule in published_rules()]


def test_the_library_has_rules_for_every_urgent_condition():
    assert warning_signs.rule_problems() == []
    assert len(published_rules()) >= 40


def test_every_rule_gives_its_level_in_the_checker(client):
    failures = []
    for rule in published_rules():
        query = answers_for(rule)
        outcome = assess(read_answers(query))
        met = met_rules(read_answers(query))
        expected = max((r.severity for r in met), key=lambda level: level.rank)
        if rule not in met:
            failures.append(f"{rule_id(rule)} “{rule.text}” not met by its own signs")
        elif outcome.level != expected or outcome.level.rank < rule.severity.rank:
            failures.append(
                f"{rule_id(rule)}: outcome {outcome.level.slug}, rule {rule.severity.slug}"
            )
        elif rule.severity == outcome.level and rule.text not in [r.text for r in outcome.reasons]:
            failures.append(f"{rule_id(rule)}: “{rule.text}” not in the outcome card")
    assert failures == []


def test_every_rule_is_on_its_page_in_the_card_of_its_level(client):
    failures = []
    for rule in published_rules():
        html = client.get(rule.condition.get_absolute_url()).content.decode()
        card_id = "help-emergency" if rule.severity.is_emergency else "help-urgent"
        card = html.split(f'id="{card_id}"')[1].split("</section>")[0] if card_id in html else ""
        if f"<li>{rule.text}</li>" not in card:
            failures.append(f"{rule_id(rule)} “{rule.text}” missing from #{card_id}")
    assert failures == []


def test_rules_pages_and_checker_agree_on_every_warning_sign(client):
    """A symptom is a warning sign at one level everywhere: its page, the checker's first
    question, and the single-sign rules of every condition that names it."""
    levels = warning_signs.single_sign_levels()
    assert levels, "the library has no warning signs"
    for symptom in Symptom.objects.published().filter(is_red_flag=True):
        assert levels[symptom.pk] == symptom.red_flag_severity, symptom
        html = client.get(f"/check/result/?symptom={symptom.slug}").content.decode()
        assert f'data-level="{symptom.red_flag_severity.slug}"' in html, symptom
    assert set(levels) == set(
        Symptom.objects.published().filter(is_red_flag=True).values_list("pk", flat=True)
    )


def test_no_everyday_symptom_alone_reaches_urgent_care():
    """Symptoms outside the warning question never raise the level on their own: not when
    the reader is not sure how it started or where, and not in the commonest benign
    pattern (one leg, came on gradually, nothing brought it on)."""
    for symptom in Symptom.objects.published().filter(is_red_flag=False):
        for answers in ("side=not-sure&onset=not-sure", "side=one&onset=gradual&trigger=none"):
            query = QueryDict(f"symptom={symptom.slug}&{answers}")
            outcome = assess(read_answers(query))
            assert not outcome.level.is_urgent, (symptom.slug, answers, outcome.level.slug)


def test_a_new_single_sign_rule_makes_a_warning_sign_and_removing_it_undoes_it(make_symptom):
    symptom = make_symptom()
    condition = Condition.objects.get(slug="stroke")
    rule = WarningRule.objects.create(
        condition=condition, severity=Severity.objects.get(slug="emergency"), text="a new sign"
    )
    rule.symptoms.add(symptom)
    symptom.refresh_from_db()
    assert (symptom.is_red_flag, symptom.red_flag_severity.slug) == (True, "emergency")
    rule.delete()
    symptom.refresh_from_db()
    assert (symptom.is_red_flag, symptom.red_flag_severity) == (False, None)


def test_unpublishing_a_condition_takes_its_rules_off(make_symptom):
    symptom = make_symptom()
    condition = Condition.objects.get(slug="stroke")
    rule = WarningRule.objects.create(
        condition=condition, severity=Severity.objects.get(slug="urgent"), text="a sign"
    )
    rule.symptoms.add(symptom)
    condition.status = Status.DRAFT
    condition.save()
    symptom.refresh_from_db()
    assert symptom.is_red_flag is False
    assert rule not in met_rules(read_answers(QueryDict(f"symptom={symptom.slug}")))


def test_the_system_check_fails_on_an_urgent_condition_without_rules():
    condition = Condition.objects.get(slug="deep-vein-thrombosis")
    condition.warning_rules.all().delete()
    with pytest.raises(SystemCheckError) as error:
        call_command("check", "--database", "default")
    assert "legpain.E004" in str(error.value)
    assert "Deep vein thrombosis (DVT)" in str(error.value)
    assert "with no 'when to get help' rule" in str(error.value)


def test_the_system_check_fails_on_a_rule_naming_an_unpublished_symptom():
    rule = WarningRule.objects.published().filter(symptoms__isnull=False).first()
    symptom = rule.symptoms.first()
    Symptom.objects.filter(pk=symptom.pk).update(status=Status.DRAFT)
    problems = warning_signs.rule_problems()
    assert (
        f"{rule.condition}: rule “{rule.text}” names the unpublished symptom “{symptom}”"
        in problems
    )


def test_a_sign_at_two_levels_is_a_problem(make_symptom):
    symptom = make_symptom()
    for slug, level in (("stroke", "emergency"), ("cellulitis", "urgent")):
        rule = WarningRule.objects.create(
            condition=Condition.objects.get(slug=slug),
            severity=Severity.objects.get(slug=level),
            text="a sign",
        )
        rule.symptoms.add(symptom)
    assert (
        f"“{symptom}” is a warning sign at more than one level: "
        "Emergency: call now, Urgent: get help today"
    ) in warning_signs.rule_problems()
    # Until an editor resolves it, the sign takes the more urgent level everywhere.
    symptom.refresh_from_db()
    assert symptom.red_flag_severity.slug == "emergency"
    html = Client().get(f"/check/result/?symptom={symptom.slug}").content.decode()
    assert 'data-level="emergency"' in html


def test_export_import_round_trip_keeps_the_rules():
    before = export_content()
    stroke = next(c for c in before["conditions"] if c["slug"] == "stroke")
    assert stroke["warning_rules"] and stroke["prevalence"] == Condition.Prevalence.RARE
    WarningRule.objects.all().delete()
    import_content(before)
    assert export_content()["conditions"] == before["conditions"]
    assert warning_signs.rule_problems() == []


def test_import_refuses_a_rule_with_no_symptom_or_a_routine_level():
    data = export_content()
    condition = next(c for c in data["conditions"] if c["warning_rules"])
    condition["warning_rules"][0].update(symptoms=[], any_symptoms=[], severity="self-care")
    from conditions.content_transfer import ImportProblems

    with pytest.raises(ImportProblems) as error:
        import_content(data)
    record = f"condition {condition['slug']}: rule {condition['warning_rules'][0]['text'][:40]!r}"
    assert f"{record}: names no symptom" in error.value.problems
    assert f"{record}: level 'self-care' is not urgent or emergency" in error.value.problems


# The admin: rules are edited on the condition, checked by the project's own rules.


def test_a_reviewer_cannot_publish_an_urgent_condition_without_a_rule(admin_client):
    condition = Condition.objects.get(slug="cellulitis")
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(admin_client.get(url))
    for key in list(data):
        if key.startswith("warning_rules-") and key.endswith("-DELETE"):
            data[key] = "on"
    rules = condition.warning_rules.count()
    data.update({f"warning_rules-{i}-DELETE": "on" for i in range(rules)})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Urgent and emergency conditions need at least one" in response.content.decode()
    assert condition.warning_rules.count() == rules


def test_a_rule_naming_an_unpublished_symptom_is_refused_in_the_admin(admin_client, make_symptom):
    draft = make_symptom(status=Status.DRAFT)
    condition = Condition.objects.get(slug="cellulitis")
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(admin_client.get(url))
    data["warning_rules-0-symptoms"] = [draft.pk]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Readers cannot choose unpublished symptoms" in response.content.decode()
    assert not condition.warning_rules.filter(symptoms=draft).exists()


def test_a_warning_sign_keeps_one_level_in_the_admin(admin_client):
    sign = Symptom.objects.published().red_flags().filter(red_flag_severity__slug="emergency")[0]
    other = (
        Condition.objects.published()
        .exclude(warning_rules__symptoms=sign)
        .filter(warning_rules__isnull=False)[0]
    )
    url = f"/admin/conditions/condition/{other.pk}/change/"
    data = form_data(admin_client.get(url))
    total = int(data["warning_rules-TOTAL_FORMS"])
    data.update({
        "warning_rules-TOTAL_FORMS": total + 1,
        f"warning_rules-{total}-severity": Severity.objects.get(slug="urgent").pk,
        f"warning_rules-{total}-text": "the same sign, one level lower",
        f"warning_rules-{total}-symptoms": [sign.pk],
        f"warning_rules-{total}-order": 9,
    })  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert f"“{sign}” is already a warning sign at “" in response.content.decode()
    sign.refresh_from_db()
    assert sign.red_flag_severity.slug == "emergency"


def test_a_symptom_that_live_rules_use_cannot_be_archived(admin_client):
    sign = Symptom.objects.published().red_flags()[0]
    response = admin_client.post(
        "/admin/conditions/symptom/",
        {"action": "archive", "_selected_action": [sign.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Archived: 0 items changed." in html
    assert "rules of these published conditions use it" in html
    sign.refresh_from_db()
    assert sign.status == Status.PUBLISHED


def test_rule_edits_are_in_history_and_a_revert_brings_the_rule_back(admin_client, client):
    from reversion.models import Version

    stroke = Condition.objects.get(slug="stroke")
    rule = stroke.warning_rules.get(symptoms__slug="sudden-loss-of-sight")
    url = f"/admin/conditions/condition/{stroke.pk}/change/"
    data = form_data(admin_client.get(url))
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == rule.pk)
    data[f"{prefix}-text"] = "a rewritten sign"
    data[f"{prefix}-symptoms"] = [Symptom.objects.get(slug="dizziness").pk]
    data[f"{prefix}-onset"] = "sudden"
    assert admin_client.post(url, {**data, "_publish": "1"}).status_code == 302
    assert "<li>a rewritten sign</li>" not in client.get("/conditions/stroke/").content.decode()
    publish(admin_client, stroke)  # a change to a live page waits for the publish step
    assert "<li>a rewritten sign</li>" in client.get("/conditions/stroke/").content.decode()
    sight = Symptom.objects.get(slug="sudden-loss-of-sight")
    assert sight.is_red_flag is False  # no rule names it alone any more

    first = Version.objects.get_for_object(stroke).order_by("revision__date_created").first()
    revert_url = url.replace("change/", f"history/{first.pk}/")
    response = admin_client.post(revert_url, form_data(admin_client.get(revert_url)))
    assert response.status_code == 302
    publish(admin_client, stroke)
    rule.refresh_from_db()
    assert rule.text == "sudden loss of sight, or blurred sight, in one eye or both"
    assert [s.slug for s in rule.symptoms.all()] == ["sudden-loss-of-sight"]
    sight.refresh_from_db()
    assert (sight.is_red_flag, sight.red_flag_severity.slug) == (True, "emergency")
    html = client.get("/check/result/?symptom=sudden-loss-of-sight").content.decode()
    assert 'data-level="emergency"' in html


def test_a_rule_at_a_routine_level_is_a_problem(make_symptom):
    """A rule saved past the form (a script, an old import) is still caught by the check."""
    rule = WarningRule.objects.create(
        condition=Condition.objects.get(slug="stroke"),
        severity=Severity.objects.get(slug="see-a-doctor"),
        text="a routine sign",
    )
    rule.symptoms.add(make_symptom())
    assert "Stroke: rule “a routine sign” is not urgent or emergency" in (
        warning_signs.rule_problems()
    )


def test_a_rule_asking_less_than_its_warning_sign_is_a_problem():
    """No page may say "get help today" for a sign another page calls an emergency."""
    sign = Symptom.objects.get(slug="sudden-confusion")
    assert sign.red_flag_severity.slug == "emergency"
    rule = WarningRule.objects.create(
        condition=Condition.objects.get(slug="dehydration"),
        severity=Severity.objects.get(slug="urgent"),
        text="confusion when short of fluid",
    )
    rule.symptoms.add(sign, Symptom.objects.get(slug="dark-yellow-pee"))
    assert (
        "Dehydration: rule “confusion when short of fluid” asks for “Urgent: get help today” "
        "but names “Sudden confusion, or being very drowsy and hard to wake”, a warning sign "
        "at “Emergency: call now”" in warning_signs.rule_problems()
    )


@pytest.mark.parametrize(
    "field, answer, fits, contradicts",
    [("sides", "side=both", "both", "one"), ("onset", "onset=sudden", "sudden", "gradual")],
)
def test_an_answer_that_contradicts_a_condition_ranks_it_lower(
    make_condition, make_symptom, field, answer, fits, contradicts
):
    from conditions.checker.scoring import rank
    from conditions.models import ConditionSymptom

    symptom = make_symptom()
    fitting = make_condition(**{field: fits})
    neutral = make_condition(**{field: "either"})
    contradicted = make_condition(**{field: contradicts})
    for condition in (fitting, neutral, contradicted):
        ConditionSymptom.objects.create(condition=condition, symptom=symptom)
    scores = {
        cause.condition: cause.score
        for cause in rank(read_answers(QueryDict(f"symptom={symptom.slug}&{answer}")), {})
    }
    assert scores[fitting] - scores[neutral] == 1.0
    assert scores[neutral] - scores[contradicted] == 1.0
    question = answer.split("=")[0]
    unsure = rank(read_answers(QueryDict(f"symptom={symptom.slug}&{question}=not-sure")), {})
    assert len({cause.score for cause in unsure}) == 1


def test_a_measured_temperature_counts_as_a_high_temperature():
    """Readers tick either "high temperature" or "38.5°C or more": every rule that asks
    for the first is met by the second alone, at the same level."""
    fever = Symptom.objects.get(slug="fever")
    measured = Symptom.objects.get(slug="temperature-over-38-5")
    checked = 0
    for rule in published_rules():
        if fever not in [*rule.symptoms.all(), *rule.any_symptoms.all()]:
            continue
        query = answers_for(rule)
        symptoms = [measured.slug if s == fever.slug else s for s in query.getlist("symptom")]
        if fever in rule.any_symptoms.all() and fever.slug not in query.getlist("symptom"):
            symptoms = [*symptoms, measured.slug]
        query.setlist("symptom", [s for s in symptoms if s != fever.slug])
        assert assess(read_answers(query)).level.rank >= rule.severity.rank, rule_id(rule)
        checked += 1
    assert checked >= 8


def single_sign_rule(condition, symptom, level):
    rule = WarningRule.objects.create(
        condition=condition, severity=Severity.objects.get(slug=level), text=f"{level} sign"
    )
    rule.symptoms.add(symptom)
    return rule


def test_rule_changes_while_paused_wait_for_the_one_sync_after(make_symptom, make_condition):
    """Loading and importing pause syncing, then sync once."""
    symptom = make_symptom()
    with warning_signs.paused():
        single_sign_rule(make_condition(), symptom, "urgent")
        symptom.refresh_from_db()
        assert (symptom.is_red_flag, symptom.red_flag_severity) == (False, None)
    warning_signs.sync()
    symptom.refresh_from_db()
    assert (symptom.is_red_flag, symptom.red_flag_severity.slug) == (True, "urgent")


def test_a_raw_save_from_a_fixture_does_not_sync(make_symptom, make_condition):
    """``loaddata`` saves rules raw, with the symptoms' own warning-sign fields loaded as
    they were: syncing mid-load would read a half-loaded library."""
    from django.db.models.signals import post_save

    symptom = make_symptom()
    rule = single_sign_rule(make_condition(), symptom, "urgent")
    WarningRule.objects.filter(pk=rule.pk).update(severity=Severity.objects.get(slug="emergency"))
    post_save.send(WarningRule, instance=rule, created=False, raw=True, using="default")
    symptom.refresh_from_db()
    assert symptom.red_flag_severity.slug == "urgent"
    post_save.send(WarningRule, instance=rule, created=False, raw=False, using="default")
    symptom.refresh_from_db()
    assert symptom.red_flag_severity.slug == "emergency"


def test_the_most_urgent_rule_met_decides_whatever_order_editors_gave_it(
    make_symptom, make_condition
):
    """Editors order rules for their page's list; the checker still takes the most urgent
    rule met, and lists that level's rules in the editors' order."""
    ache, swelling = make_symptom(), make_symptom()
    condition = make_condition()
    for level, order, text in (
        ("urgent", 0, "an ache with swelling"),
        ("emergency", 2, "listed second"),
        ("emergency", 1, "listed first"),
    ):
        rule = WarningRule.objects.create(
            condition=condition, severity=Severity.objects.get(slug=level), order=order, text=text
        )
        rule.symptoms.add(ache, swelling)
    outcome = assess(read_answers(QueryDict(f"symptom={ache.slug}&symptom={swelling.slug}")))
    assert outcome.level.slug == "emergency"
    assert [reason.text for reason in outcome.reasons] == ["listed first", "listed second"]


def rule_for(symptoms, any_symptoms=(), **conditions):
    rule = WarningRule.objects.create(
        condition=Condition.objects.get(slug="stroke"),
        severity=Severity.objects.get(slug="urgent"),
        text="a test rule",
        **conditions,
    )
    rule.symptoms.add(*symptoms)
    rule.any_symptoms.add(*any_symptoms)
    return rule


def test_a_rule_of_one_of_some_symptoms_alone_needs_its_onset_known(make_symptom):
    """ "One of these" is one symptom: with the onset unknown, one everyday symptom says
    too little to call for same-day help."""
    ache, cramp = make_symptom(), make_symptom()
    rule = rule_for([], [ache, cramp], onset=WarningRule.Onset.SUDDEN)
    assert not rule.matches({ache.pk}, onset="not-sure")
    assert not rule.matches({ache.pk}, onset="gradual")
    assert rule.matches({ache.pk}, onset="sudden")


def test_a_rule_of_two_symptoms_is_met_when_the_side_is_not_known(make_symptom):
    """Two symptoms together already say enough: not being sure of the side is the
    cautious side, so the rule is met."""
    ache, numb, weak = make_symptom(), make_symptom(), make_symptom()
    rule = rule_for([ache], [numb, weak], side=WarningRule.Side.BOTH)
    assert rule.matches({ache.pk, numb.pk}, side="not-sure")
    assert rule.matches({ache.pk, weak.pk})
    assert not rule.matches({ache.pk, weak.pk}, side="one")
    assert not rule.matches({ache.pk}, side="both")


def test_each_of_its_own_rules_met_counts_towards_a_cause(make_symptom, make_condition):
    """Two of a condition's own rules met fit it better than one: it comes first, though
    the other condition shares more of the symptoms."""
    from conditions.models import ConditionSymptom

    ache, swelling = make_symptom(), make_symptom()
    emergency = Severity.objects.get(slug="emergency")
    two_rules, one_rule = make_condition(severity=emergency), make_condition(severity=emergency)
    ConditionSymptom.objects.create(condition=two_rules, symptom=ache)
    ConditionSymptom.objects.create(
        condition=two_rules, symptom=swelling, typicality=ConditionSymptom.Typicality.RARE
    )
    ConditionSymptom.objects.create(condition=one_rule, symptom=ache)
    ConditionSymptom.objects.create(condition=one_rule, symptom=swelling)
    for condition, texts in ((two_rules, ["one", "two"]), (one_rule, ["three"])):
        for text in texts:
            rule = WarningRule.objects.create(condition=condition, severity=emergency, text=text)
            rule.symptoms.add(ache, swelling)
    outcome = assess(read_answers(QueryDict(f"symptom={ache.slug}&symptom={swelling.slug}")))
    assert [cause.condition for cause in outcome.causes] == [two_rules, one_rule]


def test_a_trigger_that_is_not_the_conditions_own_costs_a_point(make_symptom, make_condition):
    """Named by the reader and not one of the condition's: a little less likely, still
    listed on the strength of its symptom."""
    from conditions.checker.scoring import rank
    from conditions.models import ConditionSymptom, Trigger

    symptom = make_symptom()
    condition = make_condition()  # uncommon: no points for how common it is
    ConditionSymptom.objects.create(condition=condition, symptom=symptom)
    condition.triggers.add(Trigger.objects.get(slug="night-or-rest"))
    answers = read_answers(QueryDict(f"symptom={symptom.slug}&trigger=fall-or-twist"))
    assert [(cause.condition, cause.score) for cause in rank(answers, {})] == [(condition, 2.0)]


def test_a_condition_for_other_groups_gains_nothing_when_its_rule_lists_it(
    make_symptom, make_condition
):
    """A children's condition whose rule an adult's answers met is listed, with no points
    for the group: the condition for everyone that fits better comes first."""
    from conditions.models import Audience, ConditionSymptom

    ache, swelling = make_symptom(), make_symptom()
    for_children = make_condition(name="A condition of children")
    for_everyone = make_condition(name="B condition for everyone")
    for_children.audiences.add(Audience.objects.get(slug="child"))
    ConditionSymptom.objects.create(condition=for_children, symptom=ache)
    ConditionSymptom.objects.create(condition=for_everyone, symptom=ache)
    ConditionSymptom.objects.create(
        condition=for_everyone, symptom=swelling, typicality=ConditionSymptom.Typicality.RARE
    )
    rule = WarningRule.objects.create(
        condition=for_children, severity=Severity.objects.get(slug="urgent"), text="both"
    )
    rule.symptoms.add(ache, swelling)
    query = f"symptom={ache.slug}&symptom={swelling.slug}&who=adult"
    outcome = assess(read_answers(QueryDict(query)))
    assert outcome.level.slug == "urgent"
    assert [cause.condition for cause in outcome.causes] == [for_everyone, for_children]


def test_equal_fits_list_the_more_common_then_the_more_serious_first(make_symptom, make_condition):
    """Ties never depend on the name or the database; a fit of exactly the minimum score
    is still listed."""
    from conditions.checker.scoring import rank
    from conditions.models import ConditionSymptom

    symptom = make_symptom()
    common, sometimes = ConditionSymptom.Typicality.COMMON, ConditionSymptom.Typicality.SOMETIMES
    for name, prevalence, level, typicality in (
        ("A mild one", Condition.Prevalence.UNCOMMON, "self-care", common),
        ("B borderline one", Condition.Prevalence.UNCOMMON, "self-care", sometimes),
        ("C common one", Condition.Prevalence.COMMON, "self-care", sometimes),
        ("Z serious one", Condition.Prevalence.UNCOMMON, "see-a-doctor", common),
    ):
        condition = make_condition(
            name=name, prevalence=prevalence, severity=Severity.objects.get(slug=level)
        )
        ConditionSymptom.objects.create(condition=condition, symptom=symptom, typicality=typicality)
    causes = rank(read_answers(QueryDict(f"symptom={symptom.slug}")), {})
    assert [(cause.condition.name, cause.score) for cause in causes] == [
        ("C common one", 3.0),
        ("Z serious one", 3.0),
        ("A mild one", 3.0),
        ("B borderline one", 2.0),
    ]


def test_a_rule_is_for_same_day_help_or_an_emergency_only():
    from django.core.exceptions import ValidationError

    stroke = Condition.objects.get(slug="stroke")
    routine = WarningRule(
        condition=stroke, severity=Severity.objects.get(slug="see-a-doctor"), text="a sign"
    )
    with pytest.raises(ValidationError) as error:
        routine.clean()
    assert error.value.message_dict == {
        "severity": ["A rule is for same-day help or an emergency only."]
    }
    WarningRule(condition=stroke, text="no level chosen yet: the form says so").clean()


def test_a_rules_wording_loses_its_spaces_and_full_stop():
    """It reads on after 'You told us about:', where a full stop would end it early."""
    rule = WarningRule(
        condition=Condition.objects.get(slug="stroke"),
        severity=Severity.objects.get(slug="urgent"),
        text="  .a sign. ",
    )
    rule.clean()
    assert rule.text == ".a sign"


def test_syncing_mends_a_half_set_warning_sign(make_symptom, make_condition):
    """Fields set past the rules (a script, an old import) are put back in line."""
    stray, sign = make_symptom(), make_symptom()
    single_sign_rule(make_condition(), sign, "urgent")
    Symptom.objects.filter(pk=stray.pk).update(is_red_flag=True, red_flag_severity=None)
    Symptom.objects.filter(pk=sign.pk).update(is_red_flag=False)
    warning_signs.sync()
    stray.refresh_from_db()
    sign.refresh_from_db()
    assert (stray.is_red_flag, stray.red_flag_severity) == (False, None)
    assert (sign.is_red_flag, sign.red_flag_severity.slug) == (True, "urgent")


def test_a_thread_that_never_paused_syncing_is_not_paused():
    """Web workers' threads never pause: an editor's rule change there must sync."""
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(warning_signs.is_paused()))
    thread.start()
    thread.join()
    assert seen == [False]
