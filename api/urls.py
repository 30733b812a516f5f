from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("people", views.PersonViewSet, basename="person")
router.register("cases", views.CaseViewSet, basename="case")
router.register("events", views.EventViewSet, basename="event")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("facilities", views.FacilityViewSet, basename="facility")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Swagger UI injects <style> elements; its scripts still come only
        # from this site (the "split" view serves them as files).
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
