"""``/sandbox/dynamics/...``: the JSON control API (no auth, never faulted) over the emulator's Python methods.

Paths below are relative to ``/sandbox/dynamics``.

| method | path | body / query | answer |
|---|---|---|---|
| POST | business-events/endpoints | url, header_name?, header_value?, event_ids?, legal_entity? | test messages |
| DELETE | business-events/endpoints | url? (all when absent) | endpoints removed |
| GET | business-events/deliveries | | every delivery record |
| GET | business-events/errors | | records that failed all retries |
| POST | business-events/errors/resend | | how many were resent |
| POST | business-events/duplicates | rate (0..1): share of events sent twice | the rate set |
| POST | purchase-orders | dataAreaId, vendor, lines? [{item, quantity}] | the new PO's keys |
| POST | purchase-orders/confirm | dataAreaId, PurchaseOrderNumber | confirmation keys |
| POST | sales-orders | dataAreaId, customer, lines? | the new order's keys |
| POST | sales-invoices/post | dataAreaId, SalesOrderNumber (or customer) | invoice keys |
| POST | free-text-invoices/post | dataAreaId, customer, lines? [{description, quantity, unit_price}] | invoice keys |
| POST | packing-slips/post | dataAreaId, SalesOrderNumber, tracking_number?, cartons_per_line? | keys + SSCCs |
| GET | created/sales-orders | | orders the connector created, with lines |
| GET | created/payment-journal-lines | | payment journal lines the connector created |
| POST | bulk/{EntitySet} | {"rows": [...]} | rows inserted |
| GET | counters | | calls per entity set and method |
| DELETE | counters | | counters reset |
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from sandbox.dynamics.events import ALL_EVENTS
from sandbox.dynamics.posting import ControlError, FreeTextLine
from sandbox.web import JsonValue, Request, Response, Router

if TYPE_CHECKING:
    from sandbox.dynamics.emulator import DynamicsEmulator

__all__ = ["control_router"]


def _error(status: int, message: str) -> Response:
    return Response.json({"error": message}, status)


def _body(request: Request) -> dict[str, JsonValue]:
    try:
        value = request.json()
    except ValueError as exc:
        raise ControlError(400, "the body is not JSON") from exc
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ControlError(400, "the body must be a JSON object")
    return value


def _text(body: dict[str, JsonValue], name: str, default: str | None = None) -> str:
    value = body.get(name, default)
    if not isinstance(value, str) or not value:
        raise ControlError(400, f"'{name}' is required and must be a non-empty string")
    return value


def _decimal(value: JsonValue, name: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ControlError(400, f"'{name}' must be a number") from exc


def _item_lines(body: dict[str, JsonValue]) -> list[tuple[str, Decimal]] | None:
    raw = body.get("lines")
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise ControlError(400, "'lines' must be a list of {item, quantity}")
    lines = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ControlError(400, "'lines' must be a list of {item, quantity}")
        lines.append((_text(entry, "item"), _decimal(entry.get("quantity", 1), "quantity")))
    return lines


def control_router(emulator: DynamicsEmulator) -> Router:
    router = Router(_error)

    def guarded(
        handler: Callable[[Request, dict[str, str]], JsonValue],
    ) -> Callable[[Request, dict[str, str]], Response]:
        def run(request: Request, params: dict[str, str]) -> Response:
            try:
                return Response.json(handler(request, params))
            except ControlError as exc:
                return _error(exc.status, exc.message)

        return run

    def register(request: Request, _: dict[str, str]) -> JsonValue:
        body = _body(request)
        raw_ids = body.get("event_ids")
        event_ids = tuple(str(e) for e in raw_ids) if isinstance(raw_ids, list) else ALL_EVENTS
        unknown = [e for e in event_ids if e not in ALL_EVENTS]
        if unknown:
            raise ControlError(400, f"unknown business events {unknown}; known: {list(ALL_EVENTS)}")
        sent = emulator.register_event_endpoint(
            _text(body, "url"),
            header_name=str(body.get("header_name") or ""),
            header_value=str(body.get("header_value") or ""),
            event_ids=event_ids,
            legal_entity=str(body.get("legal_entity") or ""),
        )
        return {"activated": list(event_ids), "test_messages": sent}

    def unregister(request: Request, _: dict[str, str]) -> JsonValue:
        url = _body(request).get("url")
        return {"removed": emulator.unregister_event_endpoint(url if isinstance(url, str) else None)}

    def deliveries(request: Request, _: dict[str, str]) -> JsonValue:
        return [emulator.delivery_json(r) for r in emulator.event_deliveries()]

    def errors(request: Request, _: dict[str, str]) -> JsonValue:
        return [emulator.delivery_json(r) for r in emulator.event_errors()]

    def resend(request: Request, _: dict[str, str]) -> JsonValue:
        return {"resent": emulator.resend_event_errors()}

    def duplicates(request: Request, _: dict[str, str]) -> JsonValue:
        rate = _decimal(_body(request).get("rate", 0), "rate")
        emulator.set_event_duplicate_rate(float(rate))
        return {"rate": emulator.events.policy.duplicate_rate}

    def new_po(request: Request, _: dict[str, str]) -> JsonValue:
        body = _body(request)
        keys = emulator.create_purchase_order(
            _text(body, "dataAreaId", "usmf"), _text(body, "vendor"), _item_lines(body)
        )
        return dict(keys)

    def confirm_po(request: Request, _: dict[str, str]) -> JsonValue:
        body = _body(request)
        keys = emulator.confirm_purchase_order(_text(body, "dataAreaId", "usmf"), _text(body, "PurchaseOrderNumber"))
        return dict(keys)

    def new_so(request: Request, _: dict[str, str]) -> JsonValue:
        body = _body(request)
        keys = emulator.create_sales_order(
            _text(body, "dataAreaId", "usmf"), _text(body, "customer"), _item_lines(body)
        )
        return dict(keys)

    def post_invoice(request: Request, _: dict[str, str]) -> JsonValue:
        body = _body(request)
        company = _text(body, "dataAreaId", "usmf")
        order = body.get("SalesOrderNumber")
        if not isinstance(order, str) or not order:
            order = emulator.create_sales_order(company, _text(body, "customer"), None)["SalesOrderNumber"]
        return dict(emulator.post_sales_invoice(company, order))

    def post_free_text(request: Request, _: dict[str, str]) -> JsonValue:
        body = _body(request)
        raw = body.get("lines")
        lines: list[FreeTextLine] | None = None
        if isinstance(raw, list):
            lines = []
            for entry in raw:
                if not isinstance(entry, dict):
                    raise ControlError(400, "'lines' must be a list of {description, quantity, unit_price}")
                lines.append(
                    FreeTextLine(
                        _text(entry, "description"),
                        _decimal(entry.get("quantity", 1), "quantity"),
                        _decimal(entry.get("unit_price", 0), "unit_price"),
                    )
                )
        return emulator.post_free_text_invoice(_text(body, "dataAreaId", "usmf"), _text(body, "customer"), lines)

    def post_slip(request: Request, _: dict[str, str]) -> JsonValue:
        body = _body(request)
        cartons = body.get("cartons_per_line", 1)
        return emulator.post_packing_slip(
            _text(body, "dataAreaId", "usmf"),
            _text(body, "SalesOrderNumber"),
            tracking_number=str(body.get("tracking_number") or ""),
            cartons_per_line=cartons if isinstance(cartons, int) else 1,
        )

    def created_orders(request: Request, _: dict[str, str]) -> JsonValue:
        return emulator.created_sales_orders()

    def created_payments(request: Request, _: dict[str, str]) -> JsonValue:
        return emulator.created_payment_journal_lines()

    def bulk(request: Request, params: dict[str, str]) -> JsonValue:
        rows = _body(request).get("rows")
        if not isinstance(rows, list):
            raise ControlError(400, "'rows' must be a list of entity records")
        return {"inserted": emulator.bulk_insert(params["set"], rows)}

    def counters(request: Request, _: dict[str, str]) -> JsonValue:
        return {name: dict(methods) for name, methods in emulator.call_counts().items()}

    def reset_counters(request: Request, _: dict[str, str]) -> JsonValue:
        emulator.reset_call_counts()
        return {"reset": True}

    base = "/sandbox/dynamics"
    router.add("POST", f"{base}/business-events/endpoints", guarded(register))
    router.add("DELETE", f"{base}/business-events/endpoints", guarded(unregister))
    router.add("GET", f"{base}/business-events/deliveries", guarded(deliveries))
    router.add("GET", f"{base}/business-events/errors", guarded(errors))
    router.add("POST", f"{base}/business-events/errors/resend", guarded(resend))
    router.add("POST", f"{base}/business-events/duplicates", guarded(duplicates))
    router.add("POST", f"{base}/purchase-orders", guarded(new_po))
    router.add("POST", f"{base}/purchase-orders/confirm", guarded(confirm_po))
    router.add("POST", f"{base}/sales-orders", guarded(new_so))
    router.add("POST", f"{base}/sales-invoices/post", guarded(post_invoice))
    router.add("POST", f"{base}/free-text-invoices/post", guarded(post_free_text))
    router.add("POST", f"{base}/packing-slips/post", guarded(post_slip))
    router.add("GET", f"{base}/created/sales-orders", guarded(created_orders))
    router.add("GET", f"{base}/created/payment-journal-lines", guarded(created_payments))
    router.add("POST", f"{base}/bulk/(?P<set>[A-Za-z0-9_]+)", guarded(bulk))
    router.add("GET", f"{base}/counters", guarded(counters))
    router.add("DELETE", f"{base}/counters", guarded(reset_counters))
    return router
