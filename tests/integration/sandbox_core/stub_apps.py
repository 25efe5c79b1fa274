"""Small emulators standing in for Dynamics and Sterling in the sandbox core's own tests.

They keep state, so a test can see that work was done even when the client never heard the answer.
"""

from __future__ import annotations

import threading

from sandbox.context import SandboxContext
from sandbox.web import Request, Response, Router


class StoreApp:
    """``POST /items`` stores the body; ``GET /items`` lists; ``/echo`` reflects the request; ``/boom`` raises."""

    def __init__(self, ctx: SandboxContext) -> None:
        self.ctx = ctx
        self.items: list[bytes] = []
        self._lock = threading.Lock()
        self._router = Router(lambda status, message: Response.json({"error": message}, status))
        self._router.add("POST", "/items", self._add)
        self._router.add("GET", "/items", self._list)
        self._router.add("GET", "/echo", self._echo)
        self._router.add("POST", "/echo", self._echo)
        self._router.add("HEAD", "/echo", self._echo)
        self._router.add("GET", "/boom", self._boom)
        self._router.add("GET", "/sandbox/status", lambda request, params: Response.json({"status": "stub"}))

    def handle(self, request: Request) -> Response:
        return self._router.dispatch(request)

    def _add(self, request: Request, params: dict[str, str]) -> Response:
        with self._lock:
            self.items.append(request.body)
            return Response.json({"id": len(self.items)}, 201)

    def _list(self, request: Request, params: dict[str, str]) -> Response:
        with self._lock:
            return Response.json({"count": len(self.items), "items": [i.decode() for i in self.items]})

    def _echo(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(
            {
                "method": request.method,
                "path": request.path,
                "query": request.raw_query,
                "body": request.body.decode("utf-8"),
                "host": request.host,
                "scheme": request.scheme,
            }
        )

    def _boom(self, request: Request, params: dict[str, str]) -> Response:
        raise RuntimeError("stub failure")
