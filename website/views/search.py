"""The search page: one search over everything published."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..search import GROUPS, search_group
from ..search import search as search_records

SEARCH_PAGE = 20
SEARCH_PREVIEW = 5


@require_safe
def search(request):
    """Search everything published; ?type= shows one group, paginated."""
    raw = request.GET.get("q", "")
    if "\x00" in raw:
        # PostgreSQL can neither store nor compare a NUL character.
        context = {"query": raw.replace("\x00", ""), "refused": True}
        return render(request, "cases/search.html", context, status=400)
    group = request.GET.get("type")
    if group in GROUPS:
        query, ranking = search_group(raw, group)
        if ranking is not None:
            # Only the page's records are loaded (and counted exactly).
            paginator = Paginator(ranking, SEARCH_PAGE)
            page_obj = paginator.get_page(request.GET.get("page"))
            context = {"query": query.text, "words": query.words, "group": group}
            context |= {"page_obj": page_obj, "total": paginator.count}
            return render(request, "cases/search.html", context)
    query, results = search_records(raw, limit=SEARCH_PREVIEW)
    context = {"query": query.text, "words": query.words, "group": None}
    context["groups"] = [
        (name, found.records, found.total)
        for name, found in results.items()
        if found.total
    ]
    context["total"] = sum(found.total for found in results.values())
    return render(request, "cases/search.html", context)
