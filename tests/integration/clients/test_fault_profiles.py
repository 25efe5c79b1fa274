"""Each named fault profile: reads come back complete, and guarded writes happen exactly once.

The caller loop below is what a flow does with a TransientError (the queue redelivers; here it is a loop):
look for the result first, write only when it is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import pytest

from sandbox.faults import System
from shared.dynamics.batch import ChangeOperation
from shared.dynamics.client import DynamicsClient
from shared.dynamics.odata import Filter
from shared.dynamics.records.parties import Customer
from shared.dynamics.records.products import ReleasedProduct
from shared.dynamics.records.sales import SalesOrderHeader
from shared.errors import TransientError
from shared.http.retry import RetryPolicy
from shared.sterling.client import SterlingClient
from tests.integration.clients.conftest import dynamics_settings, sterling_settings
from tests.sandbox_fixtures import SandboxFactory

pytestmark = pytest.mark.integration

T = TypeVar("T")
FAST = RetryPolicy(max_attempts=6, base_delay=0.02, max_delay=0.1)


def redelivered(work: Callable[[], T], attempts: int = 12) -> T:
    """Run ``work`` until it does not fail transiently, as queue redelivery would."""
    for _ in range(attempts - 1):
        try:
            return work()
        except TransientError:
            continue
    return work()


# Documents per profile: chaos gets more traffic so several of its kinds fire.  The fault sequence is fixed by
# the seed (each system draws from its own seeded generator and this client is sequential), so the assertion
# that a profile fired at least once is deterministic.
@pytest.mark.parametrize(("profile", "documents"), [("flaky", 1), ("slow", 1), ("chaos", 5)])
def test_profile(sandbox_factory: SandboxFactory, profile: str, documents: int) -> None:
    running = sandbox_factory(faults=profile, seed=3)
    settings = dynamics_settings(running)
    with (
        DynamicsClient(settings, policy=FAST) as dynamics,
        SterlingClient(sterling_settings(running), policy=FAST) as sterling,
    ):
        customers = redelivered(lambda: sorted(c.account for c in dynamics.query(Customer, legal_entity="usmf")))
        assert "US-101" in customers
        item = redelivered(lambda: next(iter(dynamics.query(ReleasedProduct, legal_entity="usmf", top=1)))).item_number

        for n in range(documents):
            requisition = f"PO-{profile}-{n}"

            def create_once(requisition: str = requisition) -> None:
                if dynamics.first(
                    SalesOrderHeader, Filter.eq("CustomerRequisitionNumber", requisition), legal_entity="usmf"
                ):
                    return
                dynamics.execute_changeset(
                    [
                        ChangeOperation(
                            "POST",
                            "SalesOrderHeadersV2",
                            {
                                "dataAreaId": "usmf",
                                "OrderingCustomerAccountNumber": "US-101",
                                "CurrencyCode": "USD",
                                "CustomerRequisitionNumber": requisition,
                            },
                        ),
                        ChangeOperation(
                            "POST", "$1/SalesOrderLines", {"ItemNumber": item, "OrderedSalesQuantity": Decimal(2)}
                        ),
                    ]
                )

            redelivered(create_once)
            orders = redelivered(
                lambda requisition=requisition: list(  # type: ignore[misc]
                    dynamics.query(
                        SalesOrderHeader, Filter.eq("CustomerRequisitionNumber", requisition), legal_entity="usmf"
                    )
                )
            )
            assert len(orders) == 1, f"{requisition}: {len(orders)} orders"

        payload = b"ISA*00*...~IEA*1*000000001~"
        for n in range(documents):
            name = f"ACMEPACK_850_{profile}_{n}.x12"
            redelivered(lambda name=name: sterling.deliver(payload, "/ACMEPACK/Outbound", name))  # type: ignore[misc]
        names = redelivered(lambda: [m.name for m in sterling.mailbox_messages("/ACMEPACK/Outbound")])
        for n in range(documents):
            assert names.count(f"ACMEPACK_850_{profile}_{n}.x12") == 1
    stats = running.faults.stats()
    assert stats.requests[System.DYNAMICS] > 0
    if profile != "slow":
        assert sum(sum(kinds.values()) for kinds in stats.fired.values()) > 0, (
            f"the profile injected nothing: {stats.to_json()}"
        )
