"""The sandbox company in Dynamics: legal entities, parties, products, cross references and posted history.

Deterministic from ``seed`` and ``scale``: the same inputs give the same rows, numbers and dates.  Every partner
in ``sandbox.seed.partners`` gets its customer or vendor account; every catalog item is released in both legal
entities with its barcodes; history (confirmed POs, delivered and invoiced sales orders, posted vendor invoices)
grows with ``scale`` so benchmarks have real work (scale 1: a handful per partner; scale 100: thousands).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.posting import Poster, insert_row
from sandbox.dynamics.shipping import Shipping
from sandbox.dynamics.store import Store
from sandbox.dynamics.writes import Writer
from sandbox.seed.catalog import CatalogItem, catalog, partner_item_id
from sandbox.seed.partners import PARTNERS, SandboxPartner
from sandbox.web import JsonValue

__all__ = ["BLOCKED_CUSTOMER", "SEED_EPOCH", "seed_store"]

SEED_EPOCH = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BLOCKED_CUSTOMER = ("usmf", "US-199")  # on hold (All): the "closed customer account" case

_COMPANY = {
    "usmf": {
        "name": "Contoso Manufacturing USA",
        "country": "USA",
        "currency": "USD",
        "street": "123 Coffee Street",
        "city": "Redmond",
        "state": "WA",
        "zip": "98052",
        "warehouse": "11",
        "site": "1",
        "language": "en-us",
        "dlv_mode": "UPS",
        "dlv_terms": "FOB",
    },
    "demf": {
        "name": "Contoso Fertigung Deutschland",
        "country": "DEU",
        "currency": "EUR",
        "street": "Hauptstrasse 12",
        "city": "Frankfurt",
        "state": "HE",
        "zip": "60311",
        "warehouse": "DE-11",
        "site": "DE-1",
        "language": "de",
        "dlv_mode": "DHL",
        "dlv_terms": "FCA",
    },
}

_EXTRA_CUSTOMERS = (
    ("usmf", "US-001", "Contoso Retail San Diego", "No"),
    (*BLOCKED_CUSTOMER, "Closed Account Hardware Co.", "All"),
    ("demf", "DE-001", "Baumarkt Kunde Berlin", "No"),
)
_EXTRA_VENDORS = (("usmf", "US-V99", "Office Supplies Direct"), ("demf", "DE-V99", "Buerobedarf Direkt GmbH"))
_MAIN_ACCOUNTS = (
    ("110110", "Bank - operating account", "Asset"),
    ("130100", "Accounts receivable - domestic", "Asset"),
    ("140200", "Inventory - finished goods", "Asset"),
    ("200100", "Accounts payable - domestic", "Liability"),
    ("401100", "Sales revenue - products", "Revenue"),
    ("618900", "Freight and shipping", "Expense"),
)


def _customer(writer: Writer, company: str, account: str, name: str, *, currency: str, on_hold: str) -> None:
    c = _COMPANY[company]
    body: dict[str, JsonValue] = {
        "dataAreaId": company,
        "CustomerAccount": account,
        "OrganizationName": name,
        "PartyType": "Organization",
        "CustomerGroupId": "RETAIL",
        "SalesCurrencyCode": currency,
        "PaymentTerms": "Net30",
        "PaymentMethod": "CHECK",
        "OnHoldStatus": on_hold,
        "AddressStreet": f"{len(account) * 100 + 1} Commerce Way",
        "AddressCity": c["city"],
        "AddressState": c["state"],
        "AddressZipCode": c["zip"],
        "AddressCountryRegionId": c["country"],
        "DeliveryAddressLocationId": f"{account}-DC1",
        "LanguageId": c["language"],
        "DeliveryMode": c["dlv_mode"],
        "DeliveryTerms": c["dlv_terms"],
        "WarehouseId": c["warehouse"],
        "SiteId": c["site"],
        "CreditLimit": 250000,
        "PrimaryContactEmail": f"edi@{account.lower()}.example.com",
    }
    writer.create(ENTITY_SETS["CustomersV3"], body, by_client=False)


def _vendor(writer: Writer, company: str, account: str, name: str, currency: str) -> None:
    c = _COMPANY[company]
    body: dict[str, JsonValue] = {
        "dataAreaId": company,
        "VendorAccountNumber": account,
        "VendorOrganizationName": name,
        "VendorPartyType": "Organization",
        "VendorGroupId": "SUPPLY",
        "CurrencyCode": currency,
        "DefaultPaymentTermsName": "Net45",
        "DefaultVendorPaymentMethodName": "ACH",
        "OnHoldStatus": "No",
        "AddressStreet": "1 Supplier Road",
        "AddressCity": c["city"],
        "AddressStateId": c["state"],
        "AddressZipCode": c["zip"],
        "AddressCountryRegionId": c["country"],
        "LanguageId": c["language"],
    }
    writer.create(ENTITY_SETS["VendorsV2"], body, by_client=False)


def _products(store: Store, items: tuple[CatalogItem, ...]) -> None:
    first_vendor = {p.legal_entity: p.account for p in reversed(PARTNERS) if p.role == "vendor"}
    for item in items:
        # Names live on the shared product; the released product has none (reference §5.3).
        insert_row(
            store,
            "ProductsV2",
            ProductNumber=item.item_number,
            ProductName=item.name,
            ProductDescription=item.name,
            ProductSearchName=item.name,
            ProductType="Item",
            ProductSubType="Product",
        )
        for company in item.legal_entities:
            insert_row(
                store,
                "ReleasedProductsV2",
                dataAreaId=company,
                ItemNumber=item.item_number,
                ProductNumber=item.item_number,
                SearchName=item.name,
                ProductSearchName=item.name,
                ProductType="Item",
                ProductSubType="Product",
                ProductGroupId="Hardware",
                ItemModelGroupId="FIFO",
                StorageDimensionGroupName="SiteWH",
                TrackingDimensionGroupName="None",
                InventoryUnitSymbol=item.unit,
                PurchaseUnitSymbol=item.unit,
                SalesUnitSymbol=item.unit,
                SalesPrice=item.unit_price,
                PurchasePrice=(item.unit_price * Decimal("0.6")).quantize(Decimal("0.01")),
                UnitCost=(item.unit_price * Decimal("0.55")).quantize(Decimal("0.01")),
                PrimaryVendorAccountNumber=first_vendor.get(company, ""),
                NetProductWeight=Decimal("0.5"),
                SellStartDate=SEED_EPOCH - timedelta(days=365),
            )
            scanned = "UPC" if company == "usmf" else "EAN13"
            for setup, code in (("UPC", item.upc), ("EAN13", item.gtin[1:]), ("GTIN14", item.gtin)):
                insert_row(
                    store,
                    "ProductBarcodesV3",
                    dataAreaId=company,
                    ItemNumber=item.item_number,
                    ProductQuantityUnitSymbol=item.unit,
                    BarcodeSetupId=setup,
                    Barcode=code,
                    ProductDescription=item.name,
                    IsDefaultScannedBarcode="Yes" if setup == scanned else "No",
                    IsDefaultDisplayedBarcode="Yes" if setup == scanned else "No",
                    IsDefaultPrintedBarcode="Yes" if setup == "GTIN14" else "No",
                    ProductQuantity=Decimal(1),
                )


def _cross_references(store: Store, items: tuple[CatalogItem, ...]) -> None:
    for partner in PARTNERS:
        if partner.item_id_kind == "buyer_part":
            for item in items:
                insert_row(
                    store,
                    "CustomerProductDescriptionsV2",
                    dataAreaId=partner.legal_entity,
                    ItemNumber=item.item_number,
                    CustomerAccountNumber=partner.account,
                    CustomerProductNumber=partner_item_id(partner, item),
                    CustomerProductDescription=item.name,
                )
        elif partner.item_id_kind == "vendor_part":
            for item in items:
                insert_row(
                    store,
                    "VendorProductDescriptionsV2",
                    dataAreaId=partner.legal_entity,
                    ItemNumber=item.item_number,
                    VendorAccountNumber=partner.account,
                    VendorProductNumber=partner_item_id(partner, item),
                    VendorProductDescription=item.name,
                )


def _lines_for(rng: random.Random, items: tuple[CatalogItem, ...]) -> list[tuple[CatalogItem, int]]:
    chosen = rng.sample(items, k=min(len(items), rng.randint(1, 4)))
    return [(item, rng.choice((6, 12, 24, 48, 96))) for item in chosen]


def _external(partner: SandboxPartner, item: CatalogItem) -> str:
    return partner_item_id(partner, item) if partner.item_id_kind != "gtin" else ""


def _purchase_history(
    writer: Writer, poster: Poster, rng: random.Random, items: tuple[CatalogItem, ...], scale: int
) -> None:
    vendors = [p for p in PARTNERS if p.role == "vendor"]
    for partner in vendors:
        for n in range(3 * scale + 1):
            ordered = SEED_EPOCH + timedelta(days=(n * 3) % 330, hours=n % 7)
            header = writer.create(
                ENTITY_SETS["PurchaseOrderHeadersV2"],
                {
                    "dataAreaId": partner.legal_entity,
                    "OrderVendorAccountNumber": partner.account,
                    "RequestedDeliveryDate": (ordered + timedelta(days=14)).strftime("%Y-%m-%dT12:00:00Z"),
                    "AccountingDate": ordered.strftime("%Y-%m-%dT12:00:00Z"),
                    "DefaultReceivingWarehouseId": _COMPANY[partner.legal_entity]["warehouse"],
                    "DefaultReceivingSiteId": _COMPANY[partner.legal_entity]["site"],
                    "DeliveryAddressName": _COMPANY[partner.legal_entity]["name"],
                    "DeliveryAddressStreet": _COMPANY[partner.legal_entity]["street"],
                    "DeliveryAddressCity": _COMPANY[partner.legal_entity]["city"],
                    "DeliveryAddressZipCode": _COMPANY[partner.legal_entity]["zip"],
                    "DeliveryAddressCountryRegionId": _COMPANY[partner.legal_entity]["country"],
                },
                by_client=False,
            )
            number = str(header.values["PurchaseOrderNumber"])
            for line_number, (item, quantity) in enumerate(_lines_for(rng, items), start=1):
                writer.create(
                    ENTITY_SETS["PurchaseOrderLinesV2"],
                    {
                        "dataAreaId": partner.legal_entity,
                        "PurchaseOrderNumber": number,
                        "LineNumber": line_number,
                        "ItemNumber": item.item_number,
                        "ExternalItemNumber": _external(partner, item),
                        "OrderedPurchaseQuantity": quantity,
                        "RequestedDeliveryDate": (ordered + timedelta(days=14)).strftime("%Y-%m-%dT12:00:00Z"),
                    },
                    by_client=False,
                )
            if n < 3 * scale:  # the last one stays Approved, ready for a demo confirmation
                poster.confirm_purchase_order(
                    partner.legal_entity, number, when=ordered + timedelta(hours=2), notify=False
                )
                if n % 2 == 0:
                    _vendor_invoice(writer.store, partner, number, ordered + timedelta(days=20))


def _vendor_invoice(store: Store, partner: SandboxPartner, po_number: str, when: datetime) -> None:
    lines = [r.values for r in store.children(ENTITY_SETS["PurchaseOrderLinesV2"], partner.legal_entity, po_number)]
    invoice = f"VINV-{po_number}"
    date = when.replace(hour=12, minute=0, second=0)
    total = sum((v["LineAmount"] for v in lines if isinstance(v["LineAmount"], Decimal)), Decimal(0))
    header = store.next_rec_id()
    insert_row(
        store,
        "VendInvoiceJourBiEntities",
        dataAreaId=partner.legal_entity,
        SourceKey=header,
        InvoiceId=invoice,
        InvoiceDate=date,
        InvoiceAccount=partner.account,
        OrderAccount=partner.account,
        PurchId=po_number,
        InvoiceAmount=total,
        InvoiceAmountMST=total,
        CurrencyCode=partner.currency,
        DueDate=date + timedelta(days=45),
        LedgerVoucher=f"APINV{header % 1000000:06d}",
        DocumentDate=date,
        InternalInvoiceId=f"{partner.legal_entity.upper()}-VI{header % 1000000:06d}",
        CreatedOn=date,
    )
    for v in lines:
        insert_row(
            store,
            "VendInvoiceTransBiEntities",
            dataAreaId=partner.legal_entity,
            SourceKey=store.next_rec_id(),
            InvoiceId=invoice,
            PurchID=po_number,
            ItemId=v["ItemNumber"],
            ExternalItemId=v["ExternalItemNumber"],
            Qty=v["OrderedPurchaseQuantity"],
            PurchPrice=v["PurchasePrice"],
            LineAmount=v["LineAmount"],
            PurchaseLineLineNumber=v["LineNumber"],
            InvoiceDate=date,
            CurrencyCode=partner.currency,
        )


def _sales_history(
    writer: Writer,
    poster: Poster,
    shipping: Shipping,
    rng: random.Random,
    items: tuple[CatalogItem, ...],
    *,
    scale: int,
) -> None:
    for partner in (p for p in PARTNERS if p.role == "customer"):
        for n in range(4 * scale):
            ordered = SEED_EPOCH + timedelta(days=(n * 2) % 330, hours=n % 9)
            header = writer.create(
                ENTITY_SETS["SalesOrderHeadersV2"],
                {
                    "dataAreaId": partner.legal_entity,
                    "OrderingCustomerAccountNumber": partner.account,
                    "CustomerRequisitionNumber": f"{partner.code[:4]}{4500000 + n:07d}",
                    "RequestedShippingDate": (ordered + timedelta(days=5)).strftime("%Y-%m-%dT12:00:00Z"),
                    "RequestedReceiptDate": (ordered + timedelta(days=8)).strftime("%Y-%m-%dT12:00:00Z"),
                },
                by_client=False,
            )
            number = str(header.values["SalesOrderNumber"])
            for item, quantity in _lines_for(rng, items):
                writer.create(
                    ENTITY_SETS["SalesOrderLines"],
                    {
                        "dataAreaId": partner.legal_entity,
                        "SalesOrderNumber": number,
                        "ItemNumber": item.item_number,
                        "ExternalItemNumber": _external(partner, item),
                        "OrderedSalesQuantity": quantity,
                    },
                    by_client=False,
                )
            shipping.post_packing_slip(partner.legal_entity, number, when=ordered + timedelta(days=4))
            if n % 4 != 3:
                poster.post_sales_invoice(partner.legal_entity, number, when=ordered + timedelta(days=5), notify=False)


def _ledger(store: Store) -> None:
    for account, name, kind in _MAIN_ACCOUNTS:
        insert_row(
            store,
            "MainAccounts",
            ChartOfAccounts="Shared",
            MainAccountId=account,
            Name=name,
            MainAccountType=kind,
            ActiveFrom=SEED_EPOCH - timedelta(days=3650),
            MainAccountRecId=store.next_rec_id(),
            ChartOfAccountsRecId=5637144576,
        )
    for company, info in _COMPANY.items():
        insert_row(
            store,
            "LegalEntities",
            LegalEntityId=company,
            Name=info["name"],
            AddressCountryRegionId=info["country"],
            CurrencyCode=info["currency"],
        )


def _posted_payment_journal(writer: Writer) -> None:
    """One posted customer payment journal, so the product can see that posted journals refuse changes."""
    header = writer.create(
        ENTITY_SETS["CustomerPaymentJournalHeaders"],
        {"dataAreaId": "usmf", "Description": "Lockbox 2026-01-05 (posted)"},
        by_client=False,
    )
    writer.create(
        ENTITY_SETS["CustomerPaymentJournalLines"],
        {
            "dataAreaId": "usmf",
            "JournalBatchNumber": str(header.values["JournalBatchNumber"]),
            "LineNumber": 1,
            "TransactionDate": SEED_EPOCH.strftime("%Y-%m-%dT12:00:00Z"),
            "AccountDisplayValue": "US\\-001",
            "OffsetAccountType": "Bank",
            "OffsetAccountDisplayValue": "USMF OPER",
            "CreditAmount": 1250,
            "PaymentReference": "LOCKBOX-0001",
        },
        by_client=False,
    )
    writer.store.update(ENTITY_SETS["CustomerPaymentJournalHeaders"], header, {"IsPosted": "Yes"})


def seed_store(store: Store, poster: Poster, shipping: Shipping, seed: int, scale: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - deterministic seed data, not secrets
    items = catalog(scale)
    writer = Writer(store, "usmf", lambda: SEED_EPOCH)
    _ledger(store)
    for partner in PARTNERS:
        if partner.role == "customer":
            _customer(
                writer, partner.legal_entity, partner.account, partner.name, currency=partner.currency, on_hold="No"
            )
        else:
            _vendor(writer, partner.legal_entity, partner.account, partner.name, partner.currency)
    for company, account, name, on_hold in _EXTRA_CUSTOMERS:
        _customer(writer, company, account, name, currency=_COMPANY[company]["currency"], on_hold=on_hold)
    for company, account, name in _EXTRA_VENDORS:
        _vendor(writer, company, account, name, _COMPANY[company]["currency"])
    _products(store, items)
    _cross_references(store, items)
    _purchase_history(writer, poster, rng, items, scale)
    _sales_history(writer, poster, shipping, rng, items, scale=scale)
    _posted_payment_journal(writer)
