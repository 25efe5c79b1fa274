"""The Dynamics 365 F&O emulator: ``/data`` behind the Entra token gate, plus the sandbox control API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from sandbox.context import SandboxContext
from sandbox.dynamics.auth import AppRegistration, authenticate
from sandbox.dynamics.control import control_router
from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.errors import ODataFault, unauthorized
from sandbox.dynamics.events import ALL_EVENTS, DeliveryPolicy, DeliveryRecord, EventEndpoint, EventHub
from sandbox.dynamics.odata import ODataService
from sandbox.dynamics.posting import ControlError, FreeTextLine, Poster
from sandbox.dynamics.reads import serialize
from sandbox.dynamics.seed import seed_store
from sandbox.dynamics.shipping import Shipping
from sandbox.dynamics.store import Row, Store
from sandbox.dynamics.writes import Writer
from sandbox.web import JsonValue, Request, Response

__all__ = ["DynamicsEmulator", "create_dynamics"]

# The ctx client is registered under "Microsoft Entra applications", mapped to a service user whose default
# company is usmf (reference §2.4).
_SERVICE_USER = "svc-mlconnector"
_DEFAULT_COMPANY = "usmf"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DynamicsEmulator:
    """Answers ``/data/...`` like an F&O environment and ``/sandbox/dynamics/...`` for tests and the demo."""

    def __init__(
        self,
        ctx: SandboxContext,
        *,
        delivery: DeliveryPolicy | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.ctx = ctx
        self._clock = clock
        self.store = Store()
        self.events = EventHub(ctx.seed, ctx.ca_cert_path, delivery or DeliveryPolicy(), clock)
        self._poster = Poster(self.store, clock, self.events.publish)
        self._shipping = Shipping(self.store, clock)
        self._registrations = {ctx.client_id: AppRegistration(ctx.client_id, _SERVICE_USER, _DEFAULT_COMPANY)}
        self._odata = ODataService(
            self.store,
            f"{ctx.dynamics_url}/data",
            lambda company: Writer(self.store, company, clock),
            lambda request: ctx.faults("batch_part_failure", request),
        )
        self._control = control_router(self)
        seed_store(self.store, self._poster, self._shipping, ctx.seed, ctx.scale)

    # --- HTTP -------------------------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path.startswith("/sandbox/dynamics/"):
            return self._control.dispatch(request)
        if request.path == "/data" or request.path.startswith("/data/"):
            app = authenticate(self.ctx, self._registrations, request)
            if app is None:
                return unauthorized()
            return self._odata.handle(request, app.default_company)
        return Response.json(
            {"Message": f"No HTTP resource was found that matches the request URI '{request.base_url}{request.path}'."},
            404,
        )

    # --- business events ----------------------------------------------------------------------------------

    def register_event_endpoint(
        self,
        url: str,
        *,
        header_name: str = "",
        header_value: str = "",
        event_ids: tuple[str, ...] = ALL_EVENTS,
        legal_entity: str = "",
    ) -> int:
        """Activate the events for ``url``; returns how many activation test messages were queued."""
        if not url.lower().startswith(("https://", "http://")):
            raise ControlError(400, f"the business event endpoint must be an http(s) URL, not {url.split('?', 1)[0]!r}")
        return self.events.activate(EventEndpoint(url, event_ids, legal_entity, header_name, header_value))

    def set_event_duplicate_rate(self, rate: float) -> None:
        """Send this share (0..1) of business events twice, as at-least-once delivery may."""
        self.events.set_duplicate_rate(rate)

    def unregister_event_endpoint(self, url: str | None = None) -> int:
        return self.events.deactivate(url)

    def event_deliveries(self) -> list[DeliveryRecord]:
        return self.events.records()

    def event_errors(self) -> list[DeliveryRecord]:
        return self.events.errors()

    def resend_event_errors(self) -> int:
        return self.events.resend_errors()

    def wait_for_events(self, timeout: float = 30.0) -> bool:
        return self.events.wait_idle(timeout)

    @staticmethod
    def delivery_json(record: DeliveryRecord) -> JsonValue:
        return {
            "BusinessEventId": record.business_event_id,
            "ControlNumber": record.control_number,
            "url": record.url.split("?", 1)[0],
            "attempts": record.attempts,
            "delivered": record.delivered,
            "last_status": record.last_status,
            "payload": record.payload,
        }

    # --- business processes ------------------------------------------------------------------------------

    def create_purchase_order(
        self, company: str, vendor: str, lines: list[tuple[str, Decimal]] | None = None
    ) -> dict[str, str]:
        """A new, approved (not yet confirmed) purchase order, as a buyer would enter it."""
        writer = Writer(self.store, company, self._clock)
        chosen = lines or self._default_lines(company)
        with self.store.transaction():
            header = self._create(writer, "PurchaseOrderHeadersV2", {"OrderVendorAccountNumber": vendor})
            number = str(header.values["PurchaseOrderNumber"])
            for line_number, (item, quantity) in enumerate(chosen, start=1):
                line: dict[str, JsonValue] = {
                    "PurchaseOrderNumber": number,
                    "LineNumber": line_number,
                    "ItemNumber": item,
                    "OrderedPurchaseQuantity": float(quantity),
                }
                self._create(writer, "PurchaseOrderLinesV2", line)
        return {"dataAreaId": company, "PurchaseOrderNumber": number}

    def confirm_purchase_order(self, company: str, number: str) -> dict[str, str]:
        return self._poster.confirm_purchase_order(company, number)

    def create_sales_order(
        self, company: str, customer: str, lines: list[tuple[str, Decimal]] | None = None
    ) -> dict[str, str]:
        """A sales order entered in F&O (not by the connector): to invoice or ship from the control API."""
        writer = Writer(self.store, company, self._clock)
        chosen = lines or self._default_lines(company)
        with self.store.transaction():
            header = self._create(writer, "SalesOrderHeadersV2", {"OrderingCustomerAccountNumber": customer})
            number = str(header.values["SalesOrderNumber"])
            for item, quantity in chosen:
                line: dict[str, JsonValue] = {
                    "SalesOrderNumber": number,
                    "ItemNumber": item,
                    "OrderedSalesQuantity": float(quantity),
                }
                self._create(writer, "SalesOrderLines", line)
        return {"dataAreaId": company, "SalesOrderNumber": number}

    def post_sales_invoice(self, company: str, sales_order: str) -> dict[str, str]:
        return self._poster.post_sales_invoice(company, sales_order)

    def post_free_text_invoice(
        self, company: str, customer: str, lines: list[FreeTextLine] | None = None
    ) -> dict[str, JsonValue]:
        chosen = lines or [FreeTextLine("Tooling charge", Decimal(1), Decimal("250.00"))]
        return self._poster.post_free_text_invoice(company, customer, chosen)

    def post_packing_slip(
        self, company: str, sales_order: str, *, tracking_number: str = "", cartons_per_line: int = 1
    ) -> dict[str, JsonValue]:
        return self._shipping.post_packing_slip(
            company, sales_order, tracking_number=tracking_number, cartons_per_line=cartons_per_line
        )

    def _default_lines(self, company: str) -> list[tuple[str, Decimal]]:
        products = sorted(
            str(r.values["ItemNumber"])
            for r in self.store.rows(ENTITY_SETS["ReleasedProductsV2"])
            if r.values["dataAreaId"] == company
        )
        return [(item, Decimal(12 * (n + 1))) for n, item in enumerate(products[:2])]

    @staticmethod
    def _create(writer: Writer, set_name: str, body: dict[str, JsonValue]) -> Row:
        """Create as a user in F&O would (entity validation applies); a failure becomes a control-API error."""
        try:
            return writer.create(ENTITY_SETS[set_name], {"dataAreaId": writer.default_company, **body}, by_client=False)
        except ODataFault as fault:
            raise ControlError(fault.response.status, fault.response.body.decode("utf-8")) from fault

    # --- what the connector did ---------------------------------------------------------------------------

    def created_sales_orders(self) -> list[JsonValue]:
        """Sales orders created through OData (by the connector), each with its lines."""
        headers = ENTITY_SETS["SalesOrderHeadersV2"]
        lines = ENTITY_SETS["SalesOrderLines"]
        with self.store.lock:
            by_order: dict[tuple[str, str], list[JsonValue]] = {}
            for row in sorted(self.store.rows(lines), key=lambda r: r.rec_id):
                key = (str(row.values["dataAreaId"]), str(row.values["SalesOrderNumber"]).lower())
                by_order.setdefault(key, []).append(serialize(self.store, lines, row))
            result: list[JsonValue] = []
            for row in sorted(self.store.rows(headers), key=lambda r: r.rec_id):
                if row.created_by_client:
                    record = serialize(self.store, headers, row)
                    key = (str(row.values["dataAreaId"]), str(row.values["SalesOrderNumber"]).lower())
                    record["SalesOrderLines"] = by_order.get(key, [])
                    result.append(record)
            return result

    def created_payment_journal_lines(self) -> list[JsonValue]:
        result: list[JsonValue] = []
        with self.store.lock:
            for name in ("CustomerPaymentJournalLines", "VendorPaymentJournalLines"):
                entity = ENTITY_SETS[name]
                for row in sorted(self.store.rows(entity), key=lambda r: r.rec_id):
                    if row.created_by_client:
                        record = serialize(self.store, entity, row)
                        record["@sandbox.entitySet"] = name
                        result.append(record)
        return result

    # --- load tests and counters ----------------------------------------------------------------------------

    def bulk_insert(self, set_name: str, rows: list[JsonValue]) -> int:
        """Insert rows as they are (defaults filled, no business validation): volume for paging and load tests."""
        entity = ENTITY_SETS.get(set_name)
        if entity is None:
            raise ControlError(404, f"no entity set named {set_name}")
        with self.store.transaction():
            for raw in rows:
                if not isinstance(raw, dict):
                    raise ControlError(400, "every row must be a JSON object")
                values = {p.name: p.default() for p in entity.properties}
                for name, value in raw.items():
                    prop = entity.by_name.get(name)
                    if prop is None:
                        raise ControlError(400, f"{set_name} has no property {name}")
                    try:
                        values[name] = prop.from_json(value)
                    except ValueError as exc:
                        raise ControlError(400, f"{set_name}.{name}: {exc}") from exc
                if isinstance(values.get("dataAreaId"), str):
                    values["dataAreaId"] = str(values["dataAreaId"]).lower()
                try:
                    self.store.insert(entity, values)
                except KeyError as exc:
                    raise ControlError(409, f"{set_name} already has a row with key {list(exc.args[0])}") from exc
        return len(rows)

    def call_counts(self) -> dict[str, dict[str, int]]:
        """OData calls per entity set and method since start (or the last reset); $batch parts count singly."""
        return self._odata.call_counts()

    def reset_call_counts(self) -> None:
        self._odata.reset_calls()

    def close(self) -> None:
        self.events.close()


def create_dynamics(ctx: SandboxContext) -> DynamicsEmulator:
    """What the sandbox launcher calls: an emulator seeded from ``ctx.seed`` and ``ctx.scale``."""
    return DynamicsEmulator(ctx)
