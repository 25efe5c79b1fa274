"""``ping`` checks for Dynamics: DNS, TCP, TLS, sign-in, and a ``$top=1`` read of every entity set the flows use.

Nothing is written.  Each failure names its cause in plain words (an AADSTS code becomes "wrong client secret",
a 401 from F&O becomes "the app is not registered in F&O") and the setting or permission to change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from shared.dynamics.client import DynamicsClient
from shared.dynamics.config import DynamicsSettings
from shared.dynamics.errors import DynamicsNotFoundError
from shared.dynamics.records.parties import Customer, Vendor
from shared.dynamics.records.payments import (
    CustomerPaymentJournalHeader,
    CustomerPaymentLine,
    VendorPaymentJournalHeader,
    VendorPaymentLine,
)
from shared.dynamics.records.products import CustomerExternalItem, ProductBarcode, ReleasedProduct, VendorExternalItem
from shared.dynamics.records.purchasing import (
    PostedVendorInvoice,
    PostedVendorInvoiceLine,
    PurchaseOrderHeader,
    PurchaseOrderLine,
)
from shared.dynamics.records.sales import (
    SalesInvoiceHeader,
    SalesInvoiceLine,
    SalesOrderHeader,
    SalesOrderLine,
)
from shared.dynamics.records.shipping import (
    PackingSlip,
    PackingSlipContainer,
    PackingSlipLine,
    PackingSlipTracking,
)
from shared.dynamics.signin import DynamicsCredentials
from shared.errors import AuthenticationError, ConnectorError
from shared.http.probe import Check, StepFailed, check_dns, check_tcp, check_tls, failure_from_error
from shared.http.retry import RetryPolicy
from shared.secrets import SecretProvider

__all__ = ["FLOW_ENTITY_SETS", "PING_POLICY", "dynamics_checks", "entity_sets_for"]

# The entity sets each flow reads (DESIGN.md "The flows"), keyed by the flow names of the partner file;
# ping reads $top=1 of each.
FLOW_ENTITY_SETS: Mapping[str, tuple[str, ...]] = {
    "outbound_850": (
        PurchaseOrderHeader.ENTITY_SET,
        PurchaseOrderLine.ENTITY_SET,
        Vendor.ENTITY_SET,
        VendorExternalItem.ENTITY_SET,
        ReleasedProduct.ENTITY_SET,
    ),
    "outbound_810": (
        SalesInvoiceHeader.ENTITY_SET,
        SalesInvoiceLine.ENTITY_SET,
        Customer.ENTITY_SET,
        CustomerExternalItem.ENTITY_SET,
        ProductBarcode.ENTITY_SET,
    ),
    "outbound_810_self_billing": (
        PostedVendorInvoice.ENTITY_SET,
        PostedVendorInvoiceLine.ENTITY_SET,
        Vendor.ENTITY_SET,
    ),
    "outbound_856": (
        PackingSlip.ENTITY_SET,
        PackingSlipLine.ENTITY_SET,
        PackingSlipTracking.ENTITY_SET,
        PackingSlipContainer.ENTITY_SET,
        Customer.ENTITY_SET,
        ProductBarcode.ENTITY_SET,
    ),
    "inbound_850": (
        SalesOrderHeader.ENTITY_SET,
        SalesOrderLine.ENTITY_SET,
        Customer.ENTITY_SET,
        ReleasedProduct.ENTITY_SET,
        CustomerExternalItem.ENTITY_SET,
        ProductBarcode.ENTITY_SET,
    ),
    "inbound_820": (
        CustomerPaymentJournalHeader.ENTITY_SET,
        CustomerPaymentLine.ENTITY_SET,
        VendorPaymentJournalHeader.ENTITY_SET,
        VendorPaymentLine.ENTITY_SET,
        SalesInvoiceHeader.ENTITY_SET,
        Customer.ENTITY_SET,
    ),
}

# Ping answers quickly: one retry at most, and no long Retry-After waits.
PING_POLICY = RetryPolicy(max_attempts=2, base_delay=0.2, max_delay=1.0, max_retry_after=5.0)


def dynamics_checks(
    settings: DynamicsSettings, secrets: SecretProvider | None, entity_sets: Sequence[str]
) -> list[Check]:
    parts = urlsplit(settings.env_url)
    host = parts.hostname or ""
    port = parts.port or 443
    credentials = DynamicsCredentials(settings, secrets)

    def sign_in() -> str:
        credentials.access_token()
        return f"token issued for {settings.scope} by {settings.authority_host}"

    def read_entity_sets() -> str:
        return _read_entity_sets(settings, credentials, entity_sets)

    return [
        ("dns", lambda: check_dns(host, port, "DYNAMICS_ENV_URL")),
        ("tcp", lambda: check_tcp(host, port, "DYNAMICS_ENV_URL", "F&O environments answer on 443")),
        ("tls", lambda: check_tls(host, port, settings.ca_bundle, "DYNAMICS_CA_BUNDLE")),
        ("authentication", sign_in),
        ("authorization", read_entity_sets),
    ]


def _read_entity_sets(settings: DynamicsSettings, credentials: DynamicsCredentials, entity_sets: Sequence[str]) -> str:
    problems: list[str] = []
    readable = 0
    with DynamicsClient(settings, credentials=credentials, policy=PING_POLICY) as client:
        for entity_set in dict.fromkeys(entity_sets):
            try:
                client.probe(entity_set)
            except AuthenticationError as exc:
                if exc.context.get("status") == "401":
                    raise StepFailed(
                        "F&O does not accept the app's token: the app (client id "
                        f"{settings.client_id}) is not registered in this environment, or its mapped user is disabled",
                        "in F&O open System administration > Setup > Microsoft Entra applications and add the "
                        "client id, mapped to an enabled integration user",
                    ) from None
                problems.append(f"{entity_set}: not permitted for the app's user")
            except DynamicsNotFoundError:
                problems.append(f"{entity_set}: not in this environment (version or configuration key)")
            except ConnectorError as exc:
                cause, _ = failure_from_error(exc)
                problems.append(f"{entity_set}: {cause}")
            else:
                readable += 1
        if not problems:
            problems += _invisible_companies(client, settings.legal_entities)
    if problems:
        raise StepFailed(
            "some entity sets the enabled flows need cannot be read: " + "; ".join(problems),
            "give the user mapped to the app (Microsoft Entra applications) a security role that can read these "
            "entities in every configured company, correct DYNAMICS_LEGAL_ENTITIES, or disable the flows that "
            "need them (--flow)",
            detail=f"{readable} of {readable + len(problems)} entity sets readable",
        )
    return f"{readable} entity sets readable ($top=1)"


def _invisible_companies(client: DynamicsClient, legal_entities: Sequence[str]) -> list[str]:
    """Configured legal entities in which the app's user sees neither a customer nor a vendor."""
    problems = []
    for company in legal_entities:
        if client.probe(Customer.ENTITY_SET, company) == 0 and client.probe(Vendor.ENTITY_SET, company) == 0:
            problems.append(
                f"legal entity {company}: no customer or vendor is visible to the app's user (a wrong dataAreaId "
                "in DYNAMICS_LEGAL_ENTITIES, or a company the user has no access to)"
            )
    return problems


def entity_sets_for(flows: Sequence[str]) -> list[str]:
    names: list[str] = []
    for flow in flows:
        names.extend(FLOW_ENTITY_SETS[flow])
    return list(dict.fromkeys(names))
