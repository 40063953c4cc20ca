"""Public pages. Views glue requests to querysets and templates; the rules live on the models."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

try:
    # Private, but it is how django-ratelimit itself reads "60/m"; reading it the same way
    # keeps Retry-After in step with the limit actually applied.
    from django_ratelimit.core import _split_rate
except ImportError:  # pragma: no cover - a django-ratelimit release without it
    _split_rate = None

from . import browse, care_numbers, structured_data
from .models import BodyArea, Condition, Guide, Symptom

DEFAULT_RETRY_AFTER = 60  # seconds: the search rates are per minute
# Said when even the 500 page cannot be drawn: no template, no settings, nothing to fail.
SERVER_ERROR_TEXT = (
    "Sorry, something went wrong. There is a problem with the site. "
    "Please try again in a few minutes.\n\n"
    "If you feel very unwell or have a warning sign such as sudden weakness on one side, "
    "a cold pale leg, or chest pain, call {number} now.\n"
)

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "conditions/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            body_areas=BodyArea.objects.all(),
            common_symptoms=Symptom.objects.published().most_common()[:12],
            red_flags=Symptom.objects.published().red_flags(),
            guides=Guide.objects.published(),
            **kwargs,
        )


class ConditionListView(ListView):
    template_name = "conditions/condition_list.html"

    def get_queryset(self):
        return Condition.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["index"] = browse.a_to_z(context["object_list"])
        return context


class PreviewableDetailView(DetailView):
    """A detail page readers see when published and staff may preview in any status."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class ConditionDetailView(PreviewableDetailView):
    model = Condition
    template_name = "conditions/condition_detail.html"

    def get_queryset(self):
        return super().get_queryset().for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = structured_data.condition_page(self.object, self.request)
        return context


class GuideListView(ListView):
    template_name = "conditions/guide_list.html"

    def get_queryset(self):
        return Guide.objects.published()


class GuideDetailView(PreviewableDetailView):
    """A guide for a group of readers: its warning signs (the rules) first, then its prose."""

    model = Guide
    template_name = "conditions/guide_detail.html"

    def get_queryset(self):
        return super().get_queryset().for_page()


class SymptomListView(ListView):
    template_name = "conditions/symptom_list.html"

    def get_queryset(self):
        return Symptom.objects.published().select_related("red_flag_severity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        symptoms = context["object_list"]
        context["red_flags"] = sorted(
            (symptom for symptom in symptoms if symptom.is_red_flag),
            key=lambda symptom: (-symptom.red_flag_severity.rank, symptom.name),
        )
        context["index"] = browse.a_to_z(symptoms)
        return context


class SymptomDetailView(PreviewableDetailView):
    model = Symptom
    template_name = "conditions/symptom_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("red_flag_severity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["causes_by_severity"] = browse.causes_by_severity(self.object)
        if not self.object.is_red_flag:
            context["warning_signs"] = browse.warning_signs_for(self.object)
        context["body_areas"] = self.object.body_areas.all()
        return context


class BodyAreaDetailView(DetailView):
    model = BodyArea
    template_name = "conditions/body_area_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Most urgent first, as on symptom pages, so the serious causes are never last.
        context["conditions"] = (
            Condition.objects.published()
            .for_listing()
            .filter(body_areas=self.object)
            .order_by("-severity__rank", "name")
        )
        context["warning_signs"] = browse.warning_signs_in_area(self.object)
        context["symptoms"] = Symptom.objects.published().filter(body_areas=self.object)
        context["other_areas"] = BodyArea.objects.exclude(pk=self.object.pk)
        return context


def tag_detail(request, slug):
    """Conditions with a tag. A tag with no published condition does not exist for readers."""
    conditions = Condition.objects.published().for_listing().filter(tags__slug=slug)
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None or not conditions:
        raise Http404("No published condition has this tag.")
    return render(request, "conditions/tag_detail.html", {"tag": tag, "conditions": conditions})


def retry_after_seconds(rate):
    """How long a refused client should wait before trying again, in seconds.

    django-ratelimit counts requests in fixed windows as long as the rate's period
    ("60/m": 60 seconds), so waiting one whole period is always enough. If the rate cannot
    be read, a minute: the rates are per minute unless someone changed them.
    """
    if _split_rate is None:
        return DEFAULT_RETRY_AFTER
    try:
        return _split_rate(rate)[1]
    except (AttributeError, KeyError, TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def rate_limited(request, exception):
    """429 for a client that searched too often: a normal page that says what to do.

    Retry-After tells browsers, scripts and crawlers when to come back, so polite ones
    stop sending requests that would only be refused.
    """
    if request.path.endswith("/suggest/"):
        response = JsonResponse({"error": "Too many requests. Wait a minute."}, status=429)
        rate = settings.SUGGEST_RATE
    else:
        response = render(request, "429.html", status=429)
        rate = settings.SEARCH_RATE
    response["Retry-After"] = str(retry_after_seconds(rate))
    return response


def server_error(request):
    """The 500 page (``handler500``), naming the emergency number to call.

    Something is already broken, and it may be the database or the cache, so this uses
    neither: the numbers come straight from settings (``care_numbers``) and the template
    is drawn without a request, so no context processor runs. If even that fails, a plain
    text page still tells the reader what to call.
    """
    try:
        emergency = care_numbers.emergency()
        html = loader.get_template("500.html").render(
            {"EMERGENCY": emergency, "EMERGENCY_NUMBER": str(emergency)}
        )
    except Exception:
        # Never let the error page raise: Django would send a bare error with no advice.
        logger.exception("The 500 page could not be drawn; sent plain text instead.")
        try:
            number = str(care_numbers.emergency())
        except Exception:
            number = care_numbers.ANY_EMERGENCY_NUMBER + care_numbers.EXAMPLES
        return HttpResponseServerError(
            SERVER_ERROR_TEXT.format(number=number), content_type="text/plain; charset=utf-8"
        )
    return HttpResponseServerError(html)
