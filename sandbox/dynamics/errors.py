"""The bodies F&O answers errors with (reference §3.9, §2.5) and the exception that carries one to the handler."""

from __future__ import annotations

import json

from sandbox.web import Response

__all__ = [
    "ODATA_HEADERS",
    "ODataFault",
    "no_resources_for_update",
    "not_found_route",
    "odata_error",
    "query_invalid",
    "unauthorized",
    "write_failed",
]

ODATA_HEADERS = (("OData-Version", "4.0"),)
_JSON = "application/json; odata.metadata=minimal; charset=utf-8"
WRITE_EXCEPTION = "Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException"
_STACK = "   at Microsoft.Dynamics.Platform.Integration.Services.OData.Update.UpdateProcessor.{0}(...)"


class ODataFault(Exception):  # noqa: N818 - a fault answered to the client, not a bug in the emulator
    """Raised anywhere below the handler; the handler answers ``response``."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def odata_error(status: int, message: str, inner_message: str | None = None, inner_type: str = "") -> Response:
    error: dict[str, object] = {"code": "", "message": message}
    if inner_message is not None:
        error["innererror"] = {"message": inner_message, "type": inner_type, "stacktrace": ""}
    body = json.dumps({"error": error}, separators=(",", ":")).encode("utf-8")
    return Response(status, [("Content-Type", _JSON), *ODATA_HEADERS], body)


def write_failed(entity_aot_name: str, infolog: list[str], *, status: int = 400, operation: str = "Create") -> Response:
    """An X++ write failure: Infolog lines joined with ``; `` under the AxODataWriteException envelope."""
    text = f"Write failed for table row of type '{entity_aot_name}'. Infolog: " + "; ".join(infolog)
    body = {
        "error": {
            "code": "",
            "message": "An error has occurred.",
            "innererror": {
                "message": text,
                "type": WRITE_EXCEPTION,
                "stacktrace": _STACK.format(f"{operation}Entity_Save"),
            },
        }
    }
    return Response(status, [("Content-Type", _JSON), *ODATA_HEADERS], json.dumps(body).encode("utf-8"))


def no_resources_for_update() -> Response:
    return odata_error(
        400,
        "An error has occurred.",
        "No resources were found when selecting for update.",
        "Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataException",
    )


def query_invalid(detail: str) -> Response:
    return odata_error(
        400,
        f"The query specified in the URI is not valid. {detail}",
        f"The query specified in the URI is not valid. {detail}",
        "Microsoft.OData.ODataException",
    )


def not_found_route(request_uri: str) -> Response:
    """Bad key syntax or unknown route: the ASP.NET Web API body, not an OData one (reference §3.2)."""
    body = {
        "Message": f"No HTTP resource was found that matches the request URI '{request_uri}'. "
        "No route data was found for this request."
    }
    return Response(404, [("Content-Type", "application/json; charset=utf-8")], json.dumps(body).encode("utf-8"))


def unauthorized() -> Response:
    """401 with an empty body; the P3P header is what real environments were seen sending (reference §2.5)."""
    return Response(
        401,
        [
            ("WWW-Authenticate", "Bearer"),
            ("P3P", 'CP="No P3P policy defined.  Read the Microsoft privacy statement for more information."'),
            ("Content-Length", "0"),
        ],
        b"",
    )
