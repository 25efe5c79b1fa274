"""The payload of a Dynamics 365 F&O business event (reference dynamics.md §6.4), read into a typed record.

Only the envelope and the one member that names the document are kept: the flow re-reads the record through
OData, because an event is a notification, not the data. The activation test message F&O sends when an endpoint
is activated carries the envelope at its default values (a nil ``EventId``, ``ControlNumber`` 0); it is
recognised so it can be answered 2xx without touching the ledger.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from shared.errors import PermanentError
from shared.flows.contract import FlowName
from shared.partners import AccountRole, FlowKind

__all__ = ["ROUTES", "BusinessEvent", "EventPayloadError", "EventRoute", "parse_business_event"]

_NIL_GUID = "00000000-0000-0000-0000-000000000000"
_GUID = re.compile(r"\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?")
_WCF_DATE = re.compile(r"/Date\((-?\d+)\)/")
# A body bigger than this is not a business event (they are small notifications); refuse before parsing.
MAX_EVENT_BYTES = 256 * 1024


class EventPayloadError(PermanentError):
    """The request body is not a business event this endpoint can read."""


@dataclass(frozen=True)
class EventRoute:
    """Which flow an event starts, the member holding the document number, and the account that names the partner."""

    flow: FlowName
    number_field: str
    account_field: str
    role: AccountRole
    flow_kind: FlowKind


ROUTES: dict[str, EventRoute] = {
    "PurchaseOrderConfirmedBusinessEvent": EventRoute(
        FlowName.OUTBOUND_850, "PurchaseOrderNumber", "VendorAccount", AccountRole.VENDOR, FlowKind.OUTBOUND_850
    ),
    "SalesInvoicePostedBusinessEvent": EventRoute(
        FlowName.OUTBOUND_810, "InvoiceId", "InvoiceAccount", AccountRole.CUSTOMER, FlowKind.OUTBOUND_810
    ),
    "CustFreeTextInvoicePostedBusinessEvent": EventRoute(
        FlowName.OUTBOUND_810, "InvoiceId", "InvoiceAccount", AccountRole.CUSTOMER, FlowKind.OUTBOUND_810
    ),
}


@dataclass(frozen=True)
class BusinessEvent:
    business_event_id: str
    event_id: str  # upper-case GUID without braces
    control_number: int
    legal_entity: str  # dataAreaId, lower case; "" when the event carries none
    event_time: datetime | None
    document_number: str  # "" for events this endpoint does not route
    account: str  # the vendor or customer account named by the event; "" when absent

    @property
    def is_activation_test(self) -> bool:
        return self.event_id == _NIL_GUID.upper() or self.control_number == 0

    @property
    def route(self) -> EventRoute | None:
        return ROUTES.get(self.business_event_id)

    @property
    def dedupe_keys(self) -> tuple[str, str]:
        """The two keys F&O's at-least-once delivery repeats: EventId, and (BusinessEventId, ControlNumber)."""
        return f"event/{self.event_id}", f"{self.business_event_id}/{self.control_number}"


def _fail(message: str) -> EventPayloadError:
    return EventPayloadError(
        f"not a business event: {message}",
        hint="check the endpoint is activated for business events only (System administration > Business events)",
    )


def _text(document: dict[str, object], name: str, *, required: bool = True) -> str:
    value = document.get(name)
    if value is None:
        if required:
            raise _fail(f"{name} is missing")
        return ""
    if not isinstance(value, str):
        raise _fail(f"{name} should be text, got {type(value).__name__}")
    return value.strip()


def _event_time(document: dict[str, object]) -> datetime | None:
    iso = document.get("EventTimeIso8601")
    if isinstance(iso, str) and iso:
        # F&O writes seven fractional digits; Python reads at most six.
        trimmed = re.sub(r"(\.\d{6})\d+", r"\1", iso.replace("Z", "+00:00"))
        try:
            return datetime.fromisoformat(trimmed).astimezone(UTC)
        except ValueError:
            raise _fail(f"EventTimeIso8601 is not a date-time: {iso!r}") from None
    wcf = document.get("EventTime")
    if isinstance(wcf, str):
        match = _WCF_DATE.fullmatch(wcf.strip())
        if match is None:
            raise _fail(f"EventTime is not a /Date(ms)/ value: {wcf!r}")
        return datetime.fromtimestamp(int(match.group(1)) / 1000, UTC)
    return None


def parse_business_event(body: bytes) -> BusinessEvent:
    if len(body) > MAX_EVENT_BYTES:
        raise _fail(f"the body is {len(body)} bytes, over {MAX_EVENT_BYTES}")
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(f"the body is not UTF-8 JSON ({exc})") from None
    if not isinstance(document, dict):
        raise _fail("the body is not a JSON object")
    business_event_id = _text(document, "BusinessEventId")
    if not business_event_id:
        raise _fail("BusinessEventId is empty")
    guid = _GUID.fullmatch(_text(document, "EventId"))
    if guid is None:
        raise _fail("EventId is not a GUID")
    number = document.get("ControlNumber")
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise _fail("ControlNumber is not a whole number")
    # Older payloads carry the contract's own LegalEntity instead of BusinessEventLegalEntity (reference §6.4).
    entity = _text(document, "BusinessEventLegalEntity", required=False) or _text(
        document, "LegalEntity", required=False
    )
    route = ROUTES.get(business_event_id)
    return BusinessEvent(
        business_event_id=business_event_id,
        event_id=guid.group(1).upper(),
        control_number=number,
        legal_entity=entity.lower(),
        event_time=_event_time(document),
        document_number=_text(document, route.number_field, required=False) if route else "",
        account=_text(document, route.account_field, required=False) if route else "",
    )
