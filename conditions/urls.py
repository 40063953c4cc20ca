from django.urls import path

from . import views
from .checker import steps as checker_steps
from .checker import views as checker_views
from .search import views as search_views

app_name = "conditions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("conditions/", views.ConditionListView.as_view(), name="condition_list"),
    path("conditions/<slug:slug>/", views.ConditionDetailView.as_view(), name="condition_detail"),
    path("guides/", views.GuideListView.as_view(), name="guide_list"),
    path("guides/<slug:slug>/", views.GuideDetailView.as_view(), name="guide_detail"),
    path("symptoms/", views.SymptomListView.as_view(), name="symptom_list"),
    path("symptoms/<slug:slug>/", views.SymptomDetailView.as_view(), name="symptom_detail"),
    path("body-areas/<slug:slug>/", views.BodyAreaDetailView.as_view(), name="body_area_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    *(
        path(
            "check/" + ("" if number == 0 else step.slug + "/"),
            checker_views.StepView.as_view(step=step),
            name=step.url_name,
        )
        for number, step in enumerate(checker_steps.STEPS)
    ),
    path("check/result/", checker_views.ResultView.as_view(), name="checker_result"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
]
