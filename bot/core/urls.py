"""Canonical article URLs: one spelling per article, so the same page is stored once.

Rules (applied by :func:`canonical_url`):

- only ``http``/``https`` URLs with a host are accepted (anything else is a ``ValueError``);
- scheme and host are lower-cased, a trailing dot on the host and default ports are dropped,
  user info is dropped, an empty path becomes ``/``;
- the fragment is dropped;
- tracking parameters are dropped: ``utm_*``, ``mc_*``, ``fbclid``, ``gclid``, ``dclid``,
  ``gbraid``, ``wbraid``, ``msclkid``, ``yclid``, ``igshid``, ``_ga``, ``_gl``, ``ref``,
  ``ref_src``, ``ref_url``, ``spm``, ``cmpid``, ``trk``;
- AMP variants, where it is safe: the ``amp`` / ``amp=1`` / ``outputType=amp`` query
  parameters, and a path whose FIRST or LAST segment is exactly ``amp`` (``/amp/berita/…``,
  ``/read/…/judul/amp``). AMP host names (``amp.kompas.com``) are left alone: no rule maps
  them to the main site for every outlet;
- the remaining query parameters are sorted (blank values kept).

Nothing else is touched: no trailing-slash, ``www.`` or ``index.html`` folding, because some
sites serve different pages under those spellings.

:func:`resolve_canonical` honours a page's ``<link rel=canonical>`` only when it points to
the same site (same registrable domain), so a page cannot claim another outlet's URL.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["canonical_url", "image_url", "registrable_domain", "resolve_canonical", "same_site"]

_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "spm",
        "cmpid",
        "trk",
    }
)
_TRACKING_PREFIXES = ("utm_", "mc_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Second-level labels under country-code domains: kompas.co.id's site is "kompas.co.id".
_SECOND_LEVEL = frozenset(
    {"co", "or", "go", "ac", "web", "sch", "net", "com", "org", "gov", "edu", "my", "biz", "mil"}
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING or lowered.startswith(_TRACKING_PREFIXES)


def _is_amp_param(name: str, value: str) -> bool:
    lowered, val = name.lower(), value.lower()
    if lowered == "amp":
        return val in ("", "1", "true", "yes")
    return lowered == "outputtype" and val == "amp"


def _strip_amp_path(path: str) -> str:
    segments = path.split("/")
    # segments[0] is "" for an absolute path; look at the first and last real segments.
    real = [i for i, seg in enumerate(segments) if seg]
    if len(real) >= 2 and segments[real[-1]].lower() == "amp":
        del segments[real[-1]]
    elif len(real) >= 2 and segments[real[0]].lower() == "amp":
        del segments[real[0]]
    cleaned = "/".join(segments)
    return cleaned or "/"


def canonical_url(url: str) -> str:
    """The canonical spelling of an http(s) URL (see the module docstring for the rules)."""
    if not isinstance(url, str):
        raise ValueError("URL must be a string")
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url[:200]!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"URL has no host: {url[:200]!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"URL has an invalid port: {url[:200]!r}") from exc
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name) and not _is_amp_param(name, value)
    ]
    query.sort()
    path = _strip_amp_path(parts.path or "/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def registrable_domain(url: str) -> str:
    """The site a URL belongs to: ``news.detik.com`` → ``detik.com``,
    ``www.republika.co.id`` → ``republika.co.id`` (a small rule, not the full suffix list)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    labels = host.split(".")
    if len(labels) <= 2 or host.replace(".", "").isdigit():
        return host
    if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(a: str, b: str) -> bool:
    """True when both URLs belong to the same registrable domain."""
    return bool(registrable_domain(a)) and registrable_domain(a) == registrable_domain(b)


def resolve_canonical(page_url: str, declared: str | None) -> str:
    """The canonical URL of a page fetched from ``page_url`` that declares ``declared``.

    The declaration (resolved against the page URL) wins when it is an http(s) URL on the
    same site; otherwise the page URL's own canonical form is used.
    """
    own = canonical_url(page_url)
    if not declared or not declared.strip():
        return own
    try:
        candidate = canonical_url(urljoin(page_url, declared.strip()))
    except ValueError:
        return own
    return candidate if same_site(candidate, own) else own


IMAGE_URL_MAX = 1000
"""Characters of an image URL kept: longer ones (data stuffed into a query) are dropped."""


def _unfit_in_url(ch: str) -> bool:
    code = ord(ch)
    return ch.isspace() or code < 0x20 or code == 0x7F or 0xD800 <= code < 0xE000


def image_url(value: object) -> str | None:
    """``value`` as an image URL fit to keep, or None: only ``http``/``https`` with a host
    and a valid port, at most :data:`IMAGE_URL_MAX` characters, no spaces or control
    characters, no lone surrogates (``data:``, ``javascript:``, relative and broken URLs
    are all None)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > IMAGE_URL_MAX:
        return None
    if any(_unfit_in_url(ch) for ch in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
