from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Casetracker"
admin.site.site_title = "Casetracker editors"
admin.site.index_title = "Cases, people and evidence"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("language/<str:code>/", views.set_language, name="set-language"),
    path("favicon.ico", views.favicon),
    path("", include("people.urls")),
    path("", include("cases.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
