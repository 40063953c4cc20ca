"""Public pages. Views glue requests to querysets and templates; the rules live on the models."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from . import browse, structured_data
from .models import BodyArea, Condition, Symptom


class HomeView(TemplateView):
    template_name = "conditions/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            body_areas=BodyArea.objects.all(),
            common_symptoms=Symptom.objects.published().most_common()[:12],
            red_flags=Symptom.objects.published().red_flags(),
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


def rate_limited(request, exception):
    """429 for a client that searched too often: a normal page that says what to do."""
    if request.path.endswith("/suggest/"):
        return JsonResponse({"error": "Too many requests. Wait a minute."}, status=429)
    return render(request, "429.html", status=429)
