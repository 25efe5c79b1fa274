"""The sandbox's control API for Sterling, under ``/sandbox/sterling/``: JSON, no auth, never faulted.

Tests, the demo and ``ml-connector partner-sim`` drive the partner simulator, the user store and the
emulator's switchable behaviour through it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta, timezone
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

from sandbox.sterling.api import ExtractResponse, Services
from sandbox.sterling.auth import AuthMode, SterlingUser
from sandbox.sterling.inbound_documents import Deduction, RemittedInvoice
from sandbox.sterling.partner_sim import (
    Acknowledgement,
    DeliveredMessage,
    DroppedMessage,
    PartnerSimError,
    PartnerSimulator,
)
from sandbox.sterling.wire import JsonObject, render_date
from sandbox.web import JsonValue, Request, Response

__all__ = ["CONTROL_BASE", "ControlApi"]

CONTROL_BASE = "/sandbox/sterling"


class ControlError(ValueError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _problem(status: int, message: str) -> Response:
    return Response.json({"error": message}, status)


def _object(request: Request) -> JsonObject:
    try:
        parsed = request.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise ControlError(400, "the body must be JSON") from exc
    if parsed is None:
        return {}
    if not isinstance(parsed, dict):
        raise ControlError(400, "the body must be a JSON object")
    return parsed


def _text(body: JsonObject, key: str, default: str | None = None) -> str:
    value = body.get(key, default)
    if not isinstance(value, str) or not value:
        raise ControlError(400, f"'{key}' must be a non-empty string")
    return value


def _decimal(value: JsonValue, what: str) -> Decimal:
    try:
        amount = Decimal(str(value)) if isinstance(value, int | float | str) and not isinstance(value, bool) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ControlError(400, f"{what} must be a decimal amount, got {value!r}")
    return amount


def parse_invoices(raw: JsonValue) -> list[RemittedInvoice]:
    if not isinstance(raw, list) or not raw:
        raise ControlError(400, "'invoices' must be a non-empty list of {number, amount, deductions}")
    invoices: list[RemittedInvoice] = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ControlError(400, "each invoice must be an object")
        deductions: list[Deduction] = []
        raw_deductions = entry.get("deductions") or []
        if not isinstance(raw_deductions, list):
            raise ControlError(400, "'deductions' must be a list")
        for item in raw_deductions:
            if not isinstance(item, dict):
                raise ControlError(400, "each deduction must be an object")
            reason, reference = item.get("reason", "59"), item.get("reference", "")
            if not isinstance(reason, str) or not isinstance(reference, str):
                raise ControlError(400, "a deduction's reason and reference must be strings")
            deductions.append(Deduction(_decimal(item.get("amount"), "a deduction amount"), reason, reference))
        invoices.append(
            RemittedInvoice(
                _text(entry, "number"), _decimal(entry.get("amount"), "an invoice amount"), tuple(deductions)
            )
        )
    return invoices


class ControlApi:
    def __init__(
        self,
        services: Services,
        simulator: PartnerSimulator,
        set_auth_mode: Callable[[AuthMode], None],
        counters: Callable[[], dict[str, dict[str, int]]],
        reset_counters: Callable[[], None],
    ) -> None:
        self._services = services
        self._sim = simulator
        self._set_auth_mode = set_auth_mode
        self._counters = counters
        self._reset_counters = reset_counters

    def handle(self, request: Request) -> Response:
        path = request.path[len(CONTROL_BASE) :].rstrip("/")
        method = request.method.upper()
        try:
            return self._route(method, path, request)
        except ControlError as exc:
            return _problem(exc.status, str(exc))
        except PartnerSimError as exc:
            return _problem(400, str(exc))
        except KeyError as exc:
            return _problem(404, f"unknown {exc.args[0]}")

    def _route(self, method: str, path: str, request: Request) -> Response:
        partner = re.fullmatch(r"/partners/([A-Za-z0-9]+)/(drop|generate|ack)", path)
        if partner and method == "POST":
            code, action = partner.group(1), partner.group(2)
            if action == "drop":
                return self._drop(code, _object(request))
            if action == "generate":
                return self._generate(code, _object(request))
            return Response.json({"acknowledgements": [self._ack_view(a) for a in self._sim.acknowledge(code)]})
        if path == "/received" and method == "GET":
            received = self._sim.received(request.query_value("partner") or None)
            return Response.json({"messages": [self._delivered_view(m) for m in received]})
        if path == "/counters" and method == "DELETE":
            self._reset_counters()
            return Response.json({"calls": {}})
        if path == "/counters" and method == "GET":
            counts: JsonObject = {k: dict[str, JsonValue](v) for k, v in self._counters().items()}
            return Response.json({"calls": counts})
        if path == "/users" and method == "POST":
            return self._add_user(_object(request))
        grant = re.fullmatch(r"/users/([^/]+)/permissions/(.+)", path)
        if grant and method in ("PUT", "DELETE"):
            user_id, permission = unquote(grant.group(1)), unquote(grant.group(2))
            users = self._services.users
            updated = users.grant(user_id, permission) if method == "PUT" else users.revoke(user_id, permission)
            return Response.json({"user": updated.user_id, "permissions": list[JsonValue](sorted(updated.permissions))})
        if path == "/settings" and method == "PUT":
            return self._settings(_object(request))
        return _problem(404, f"no control endpoint {method} {CONTROL_BASE}{path}")

    def _drop(self, code: str, body: JsonObject) -> Response:
        try:
            payload = base64.b64decode(_text(body, "payload"), validate=True)
        except binascii.Error as exc:
            raise ControlError(400, "'payload' must be Base64") from exc
        dropped = self._sim.drop(code, payload, _text(body, "name"))
        return Response.json({"messages": [self._dropped_view(dropped)]}, 201)

    def _generate(self, code: str, body: JsonObject) -> Response:
        kind = _text(body, "type")
        count = body.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool):
            raise ControlError(400, "'count' must be an integer")
        if kind in ("850", "ORDERS"):
            dropped = self._sim.generate_orders(code, count)
        elif kind in ("820", "REMADV"):
            if count != 1:
                raise ControlError(400, "a remittance covers the invoices given; 'count' must be 1")
            dropped = [self._sim.generate_remittance(code, parse_invoices(body.get("invoices")))]
        else:
            raise ControlError(400, f"'type' must be 850 or 820 (ORDERS / REMADV for EDIFACT partners), got '{kind}'")
        return Response.json({"messages": [self._dropped_view(d) for d in dropped]}, 201)

    def _add_user(self, body: JsonObject) -> Response:
        permissions = body.get("permissions", [])
        if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
            raise ControlError(400, "'permissions' must be a list of permission names")
        super_user = body.get("superUser", False) is True
        user = SterlingUser(
            _text(body, "user"),
            _text(body, "password"),
            frozenset(p for p in permissions if isinstance(p, str)),
            super_user,
        )
        self._services.users.add(user)
        return Response.json({"user": user.user_id, "permissions": list[JsonValue](sorted(user.permissions))}, 201)

    def _settings(self, body: JsonObject) -> Response:
        behaviour = self._services.behaviour
        if "authMode" in body:
            try:
                self._set_auth_mode(AuthMode(_text(body, "authMode")))
            except ValueError as exc:
                raise ControlError(400, "'authMode' must be basic or oauth") from exc
        if "emptyListStatus" in body:
            status = body["emptyListStatus"]
            if status not in (200, 404):
                raise ControlError(400, "'emptyListStatus' must be 200 (empty array) or 404")
            behaviour = replace(behaviour, empty_list_status=404 if status == 404 else 200)
        if "extractResponse" in body:
            try:
                behaviour = replace(behaviour, extract_response=ExtractResponse(_text(body, "extractResponse")))
            except ValueError as exc:
                raise ControlError(400, "'extractResponse' must be status, empty or payload") from exc
        if "utcOffsetMinutes" in body:
            offset = body["utcOffsetMinutes"]
            if not isinstance(offset, int) or isinstance(offset, bool) or not -840 <= offset <= 840:
                raise ControlError(400, "'utcOffsetMinutes' must be an integer between -840 and 840")
            behaviour = replace(behaviour, zone=timezone(timedelta(minutes=offset)))
        if "locationHeader" in body:
            behaviour = replace(behaviour, location_header=body["locationHeader"] is True)
        self._services.behaviour = behaviour
        return Response.json(
            {
                "emptyListStatus": behaviour.empty_list_status,
                "extractResponse": behaviour.extract_response.value,
                "locationHeader": behaviour.location_header,
            }
        )

    @staticmethod
    def _dropped_view(dropped: DroppedMessage) -> JsonObject:
        return {
            "partner": dropped.partner,
            "messageId": dropped.message_id,
            "name": dropped.name,
            "mailboxPath": dropped.mailbox_path,
            "documentId": dropped.document_id,
            "size": dropped.size,
            "documentType": dropped.document_type,
            "reference": dropped.reference,
        }

    def _delivered_view(self, message: DeliveredMessage) -> JsonObject:
        return {
            "partner": message.partner,
            "messageId": message.message_id,
            "name": message.name,
            "mailboxPath": message.mailbox_path,
            "documentId": message.document_id,
            "creationDate": render_date(message.created, self._services.behaviour.zone),
            "payload": base64.b64encode(message.payload).decode("ascii"),
        }

    def _ack_view(self, ack: Acknowledgement) -> JsonObject:
        return {
            "partner": ack.partner,
            "acknowledgedMessageId": ack.acknowledged_message_id,
            "acknowledgedReference": ack.acknowledged_reference,
            "accepted": ack.accepted,
            "message": self._dropped_view(ack.dropped),
        }
