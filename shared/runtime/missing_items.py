"""The item directory used while no Dynamics adapter is installed: every lookup is a configuration error.

Answering "no such item" instead would fail every order line as an unknown item, blaming the partner's data for
what is a missing part of the deployment.
"""

from __future__ import annotations

from typing import NoReturn

from shared.errors import ConfigurationError
from shared.partners import Gtin, ItemKey, ResolvedItem

__all__ = ["MissingItemDirectory"]


def _missing() -> NoReturn:
    raise ConfigurationError(
        "item lookups need the Dynamics item directory (shared.partners.dynamics_items), which this build lacks",
        hint="deploy a build that includes the inbound flows, then replay the failed documents",
    )


class MissingItemDirectory:
    def by_item_number(self, legal_entity: str, item_number: str) -> ResolvedItem | None:
        _missing()

    def by_barcode(self, legal_entity: str, gtin: Gtin) -> ResolvedItem | None:
        _missing()

    def by_customer_item(
        self, legal_entity: str, customer_account: str, external_item_number: str
    ) -> ResolvedItem | None:
        _missing()

    def by_vendor_item(self, legal_entity: str, vendor_account: str, external_item_number: str) -> ResolvedItem | None:
        _missing()

    def barcode_of(self, legal_entity: str, item: ItemKey, unit: str | None) -> Gtin | None:
        _missing()

    def customer_item_number(self, legal_entity: str, customer_account: str, item: ItemKey) -> str | None:
        _missing()

    def vendor_item_number(self, legal_entity: str, vendor_account: str, item: ItemKey) -> str | None:
        _missing()
