"""Open311 GeoReport v2 answers in its two formats, JSON and XML, with its own error bodies.
https://wiki.open311.org/GeoReport_v2/"""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from fastapi import Response

# element names of a list's items, as the specification's examples name them
ITEMS = {"services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute",
         "values": "value", "endpoints": "endpoint", "formats": "format", "keywords": "keyword"}

# The OpenAPI description of Open311's answers, in either format: a route's own body, or Open311's
# error list {code, description} (https://wiki.open311.org/GeoReport_v2/#errors), never the
# platform's JSON error shape.
_ERROR_LIST = {"type": "array", "xml": {"name": "errors", "wrapped": True}, "items": {
    "type": "object", "xml": {"name": "error"}, "required": ["code", "description"],
    "properties": {"code": {"type": "integer", "description": "the HTTP status"}, "description": {"type": "string"}}}}
ANSWER = {"description": "Open311 GeoReport v2, in the format the path names (.json or .xml)",
          "content": {"application/json": {"schema": {}}, "text/xml": {"schema": {}}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": f"{why}: Open311's error list", "content": {
        "application/json": {"schema": _ERROR_LIST}, "text/xml": {"schema": _ERROR_LIST}}}
    for status, why in ((400, "a parameter is missing or not valid"), (403, "the api_key is not valid"),
                        (404, "no such jurisdiction, service or request"), (409, "the same request is being filed"),
                        (422, "the path's format or a parameter is not valid"),
                        (429, "too many requests from this reporter"))}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def render(body: Any, fmt: str, *, root: str, status: int = 200) -> Response:
    if fmt == "xml":
        element = Element(root)
        _fill(element, body, root)
        xml = b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="utf-8", xml_declaration=False)
        return Response(xml, status_code=status, media_type="text/xml; charset=utf-8")
    return Response(json.dumps(body, ensure_ascii=False, default=str), status_code=status,
                    media_type="application/json")


def error(exc: Open311Error, fmt: str) -> Response:
    return render([{"code": exc.status, "description": exc.description}], fmt, root="errors", status=exc.status)


def _fill(element: Element, value: Any, name: str) -> None:
    if isinstance(value, list):
        for item in value:
            _fill(SubElement(element, ITEMS.get(name, "item")), item, ITEMS.get(name, "item"))
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(SubElement(element, key), item, key)
    elif value is None:
        element.text = ""
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)
