"""What every public page needs: the language switch keeping the current page, canonical and
hreflang links, the links to the center and its contact details and response-time promise.
No database queries (the 500 page uses it too)."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from haidian.core.i18n import column

HREFLANG = {"en": "en", "zh-hans": "zh-Hans"}


def _canonical_path(request) -> str:
    """The path, with the page number when past the first page; filters are variations of it."""
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        return f"{request.path}?page={page}"
    return request.path


# The main navigation: (URL name, label, the views it is the current section for).
NAV = [
    ("technologies:list", _("Technologies"), {"technologies"}),
    ("agencies:list", _("Service agencies"), {"agencies"}),
    ("contracts:list", _("Contracts"), {"contracts:list"}),
    ("contracts:stats", _("Statistics"), {"contracts:stats"}),
    ("financing:products", _("Financing products"), {"financing:products", "financing:product"}),
    ("financing:needs", _("Financing needs"), {"financing:needs", "financing:need"}),
    ("news:list", _("News"), {"news"}),
]


# The center's own pages and its public forms, linked from every page's footer:
# (URL name, its arguments or None, label).
CENTER_LINKS = [
    ("pages:detail", {"slug": "about"}, _("About the center")),
    ("pages:detail", {"slug": "how-to-list-a-technology"}, _("How to list a technology")),
    ("pages:detail", {"slug": "financing-service"}, _("The financing service")),
    ("contact", None, _("Contact")),
    ("technologies:submit", {"kind": "offer"}, _("Offer a technology")),
    ("technologies:submit", {"kind": "need"}, _("Post a technology need")),
    ("financing:submit", None, _("Post a financing need")),
]


def _center_links():
    links = []
    for url_name, kwargs, label in CENTER_LINKS:
        try:
            url = reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:  # a page outside the language prefix (e.g. an error page)
            continue
        links.append({"url": url, "label": label})
    return links


def center_contact() -> dict:
    """The center's address (in the active language), e-mail, phone and response-time target."""
    contact = settings.CENTER_CONTACT
    return {
        "address": contact.get(column("address")) or contact["address_en"],
        "email": contact["email"],
        "phone": contact["phone"],
        "response_hours": settings.INQUIRY_RESPONSE_HOURS,
    }


def _nav(request):
    match = getattr(request, "resolver_match", None)
    names = {match.namespace, match.view_name} if match else set()
    items = []
    for url_name, label, sections in NAV:
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a page outside the language prefix (e.g. an error page)
            continue
        items.append({"url": url, "label": label, "current": bool(names & sections)})
    return items


def site(request):
    current = get_language() or settings.LANGUAGE_CODE
    path = _canonical_path(request)
    full_path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "hreflang": HREFLANG.get(code, code),
                "name": info["name_local"],
                "is_current": code == current,
                # The same page in that language, filters included: what the switch links to.
                "url": translate_url(full_path, code),
                "canonical": request.build_absolute_uri(translate_url(path, code)),
            }
        )
    default = next((lang for lang in languages if lang["code"] == settings.LANGUAGE_CODE), languages[0])
    return {
        "site_languages": languages,
        "html_lang": HREFLANG.get(current, current),
        "canonical_url": request.build_absolute_uri(path),
        "x_default_url": default["canonical"],
        "nav_items": _nav(request),
        "center_links": _center_links(),
        "center": center_contact(),
    }
