"""One pagination for every list: `共N条`, page size, jump to page."""

from django.core.paginator import Paginator

PAGE_SIZES = (10, 20, 50, 100)


def paginate(request, queryset, *, default_size: int = 10):
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    if size not in PAGE_SIZES:
        size = default_size
    paginator = Paginator(queryset, size)
    page = paginator.get_page(request.GET.get("page"))
    page.page_sizes = PAGE_SIZES
    page.size = size
    # Page links around the current one, with 1 … and … N at the ends (`Paginator.ELLIPSIS` marks the gaps).
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    page.ellipsis = paginator.ELLIPSIS
    return page
