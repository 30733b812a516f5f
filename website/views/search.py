"""The search page: one search over everything published."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..search import GROUPS
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
    query, results = search_records(raw)
    group = request.GET.get("type")
    context = {"query": query.text, "words": query.words, "group": None}
    if group in GROUPS and query.words:
        found = results[group]
        paginator = Paginator(found.records, SEARCH_PAGE)
        context["group"] = group
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["total"] = found.total
        # Only the best CANDIDATES of a kind are ranked and shown; the count
        # says how many match in all.
        context["shown"] = paginator.count
    else:
        context["groups"] = [
            (name, found.records[:SEARCH_PREVIEW], found.total)
            for name, found in results.items()
            if found.total
        ]
        context["total"] = sum(found.total for found in results.values())
    return render(request, "cases/search.html", context)
