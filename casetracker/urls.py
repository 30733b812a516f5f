from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # The staff account pages first: the admin's catch-all would take them.
    path(f"{settings.ADMIN_URL}account/", include("accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("website.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "website.views.site.page_not_found"
handler500 = "website.views.site.server_error"
