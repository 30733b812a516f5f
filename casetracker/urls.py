from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from cases.sitemaps import SITEMAPS

from . import views

urlpatterns = [
    # The staff account pages first: the admin's catch-all would take them.
    path(f"{settings.ADMIN_URL}account/", include("accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("language/<str:code>/", views.set_language, name="set-language"),
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", include("api.urls")),
    path("", include("people.urls")),
    path("", include("cases.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "casetracker.views.page_not_found"
handler500 = "casetracker.views.server_error"
