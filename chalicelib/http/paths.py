"""Path parameters, percent-decoded once for every route before any view validates them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote


def decode_path_parameters(request: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice middleware for ``http`` events: decode each path parameter once, in place.

    API Gateway and `chalice local` hand path parameters over as they appear in the URL (``Dr.%20Luna``),
    while bodies and query strings arrive decoded. Chalice builds a view's arguments from the same
    mapping the request exposes as ``uri_params``, so decoding it here decodes them for every route.
    Bytes that are not UTF-8 become U+FFFD, which no id or name pattern accepts.
    """
    params = request.uri_params
    if params:
        for name, value in params.items():
            params[name] = unquote(value, errors="replace")
    return get_response(request)
