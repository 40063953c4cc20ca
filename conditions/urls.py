from django.urls import path

from . import checker_views, views
from .search import views as search_views

app_name = "conditions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("conditions/", views.ConditionListView.as_view(), name="condition_list"),
    path("conditions/<slug:slug>/", views.ConditionDetailView.as_view(), name="condition_detail"),
    path("symptoms/", views.SymptomListView.as_view(), name="symptom_list"),
    path("symptoms/<slug:slug>/", views.SymptomDetailView.as_view(), name="symptom_detail"),
    path("body-areas/<slug:slug>/", views.BodyAreaDetailView.as_view(), name="body_area_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("check/", checker_views.symptom_checker, name="symptom_checker"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
]
