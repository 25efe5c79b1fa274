"""Posted (read-only) documents: sales and free-text invoices, packing slips with tracking, vendor invoices."""

from __future__ import annotations

from sandbox.dynamics.model import EntitySet, Navigation, NumberSequence, parse_properties

SETS: tuple[EntitySet, ...] = (
    EntitySet(
        "SalesInvoiceHeadersV2",
        "SalesInvoiceHeaderV2",
        ("dataAreaId", "InvoiceNumber", "InvoiceDate", "LedgerVoucher"),
        parse_properties(
            """dataAreaId:Str, InvoiceNumber:Str, InvoiceDate:DTO, LedgerVoucher:Str,
            InvoiceAddressCountryRegionISOCode:Str,
            InvoiceAddressZipCode:Str, TotalTaxAmount:Dec, InvoiceAddressStreetNumber:Str,
            TotalDiscountCustomerGroupCode:Dec,
            InvoiceAddressStreet:Str, TotalChargeAmount:Dec, TotalDiscountAmount:Dec, CurrencyCode:Str,
            SalesOrderNumber:Str,
            DeliveryTermsCode:Str, ContactPersonId:Str, SalesOrderResponsiblePersonnelNumber:Str, PaymentTermsName:Str,
            DeliveryModeCode:Str, InvoiceCustomerAccountNumber:Str, InvoiceAddressCity:Str, InvoiceHeaderTaxAmount:Dec,
            InvoiceAddressState:Str, InvoiceAddressCountryRegionId:Str, CustomersOrderReference:Str,
            TotalInvoiceAmount:Dec,
            SalesOrderOriginCode:Str"""
        ),
        "SalesInvoiceHeaderV2Entity",
        (
            Navigation(
                "SalesInvoiceLinesV2",
                "SalesInvoiceV2Lines",
                (
                    ("dataAreaId", "dataAreaId"),
                    ("InvoiceNumber", "InvoiceNumber"),
                    ("InvoiceDate", "InvoiceDate"),
                    ("LedgerVoucher", "LedgerVoucher"),
                ),
            ),
        ),
        read_only=True,
    ),
    EntitySet(
        "SalesInvoiceV2Lines",
        "SalesInvoiceV2Line",
        ("dataAreaId", "InvoiceNumber", "LineCreationSequenceNumber", "InvoiceDate", "LedgerVoucher"),
        parse_properties(
            """dataAreaId:Str, InvoiceNumber:Str, LineCreationSequenceNumber:I32, InvoiceDate:DTO, LedgerVoucher:Str,
            ProductConfigurationId:Str, ProductDescription:Str, ProductNumber:Str, SalesProductCategoryName:Str,
            InventorySiteId:Str, ProductSizeId:Str, InventoryWarehouseId:Str, ProductVersionId:Str, ProductName:Str,
            SalesProductCategoryHierarchyName:Str, DimensionNumber:Str, CurrencyCode:Str, OrderedInventoryStatusId:Str,
            LineAmount:Dec, LineTotalDiscountAmount:Dec, LineTotalChargeAmount:Dec, SalesPrice:Dec,
            ConfirmedShippingDate:DTO, ItemBatchNumber:Str, LineTotalTaxAmount:Dec, SalesUnitSymbol:Str,
            ProductColorId:Str,
            InvoicedQuantity:Dec, ProductStyleId:Str"""
        ),
        "SalesInvoiceV2LineEntity",
        (
            Navigation(
                "SalesInvoiceHeaderV2",
                "SalesInvoiceHeadersV2",
                (
                    ("dataAreaId", "dataAreaId"),
                    ("InvoiceNumber", "InvoiceNumber"),
                    ("InvoiceDate", "InvoiceDate"),
                    ("LedgerVoucher", "LedgerVoucher"),
                ),
                many=False,
            ),
        ),
        read_only=True,
    ),
    EntitySet(
        "FreeTextInvoiceHeaders",
        "FreeTextInvoiceHeader",
        ("dataAreaId", "InvoiceIdentifier"),
        parse_properties(
            """dataAreaId:Str, InvoiceIdentifier:I64, CustomerAccount:Str, InvoiceAccount:Str, InvoiceDate:DTO,
            DueDate:DTO,
            DocumentDate:DTO, CurrencyCode:Str, IsPosted:E:NoYes, FreeTextNumber:Str, ExternalInvoiceId:Str,
            CustomerReference:Str, CustomerRequisition:Str, PostingProfile:Str, TermsOfPayment:Str,
            MethodOfPayment:Str"""
        ),
        "CustFreeTextInvoiceHeaderEntity",
        number_sequence=NumberSequence("InvoiceIdentifier", "", numeric=True),
    ),
    EntitySet(
        "FreeTextInvoiceLines",
        "FreeTextInvoiceLine",
        ("dataAreaId", "LineNumber", "ParentRecId"),
        parse_properties(
            """dataAreaId:Str, LineNumber:Dec, ParentRecId:I64, Description:Str, Quantity:Dec, UnitPrice:Dec,
            TransactionCurrencyAmount:Dec, MainAccountDisplayValue:Str, SalesTaxGroupId:Str, SalesTaxItemGroupId:Str,
            CurrencyCode:Str, SalesTaxAmount:Dec"""
        ),
        "CustFreeTextInvoiceLineEntity",
    ),
    EntitySet(
        "CustPackingSlipJourBiEntities",
        "CustPackingSlipJourBiEntity",
        ("dataAreaId", "SourceDocumentHeader"),
        parse_properties(
            """dataAreaId:Str, SourceDocumentHeader:I64, PackingSlipId:Str, SalesId:Str, OrderAccount:Str,
            InvoiceAccount:Str, DeliveryDate:DTO, DocumentDate:DTO, CustomerRef:Str, PurchaseOrder:Str, Qty:Dec,
            Weight:Dec, Volume:Dec, DlvMode:Str, DlvTerm:Str, ShipCarrierId:Str, BillOfLadingId:Str, LedgerVoucher:Str,
            DeliveryName:Str, inventLocationId:Str, SourceKey:I64, CreatedOn:DTO!"""
        ),
        "CustPackingSlipJourBiEntity",
        read_only=True,
    ),
    EntitySet(
        "CustPackingSlipTransBiEntities",
        "CustPackingSlipTransBiEntity",
        ("dataAreaId", "SourceDocumentLine"),
        parse_properties(
            """dataAreaId:Str, SourceDocumentLine:I64, PackingSlipId:Str, SalesId:Str, LineNum:Dec, ItemId:Str,
            ExternalItemId:Str, Name:Str, Qty:Dec, Ordered:Dec, Remain:Dec, SalesUnit:Str, DeliveryDate:DTO,
            InventTransId:Str, CurrencyCode:Str, AmountCur:Dec, SourceKey:I64, CreatedOn:DTO!"""
        ),
        "CustPackingSlipTransBiEntity",
        read_only=True,
    ),
    EntitySet(
        "PackingSlipTrackingInformation",
        "PackingSlipTrackingInformation",
        ("dataAreaId", "SalesOrderNumber", "PackingSlipNumber", "DeliveryDate", "TrackingNumber"),
        parse_properties(
            """dataAreaId:Str, SalesOrderNumber:Str, PackingSlipNumber:Str, DeliveryDate:DTO, TrackingNumber:Str,
            TrackingURL:Str"""
        ),
        "SalesPackingSlipTrackingInformationEntity",
        read_only=True,
    ),
    # ASSUMPTION (ADR 0220): no standard public entity ties SSCC-18 container ids to a posted packing slip; this
    # ISV-style extension entity stands in for the one a customer adds for its ASN (856) needs.
    EntitySet(
        "MlcPackingSlipContainers",
        "MlcPackingSlipContainer",
        ("dataAreaId", "PackingSlipId", "SSCC"),
        parse_properties(
            """dataAreaId:Str, PackingSlipId:Str, SSCC:Str, SalesId:Str, TrackingNumber:Str, ItemId:Str, Qty:Dec,
            InventTransId:Str"""
        ),
        "MlcPackingSlipContainerEntity",
        read_only=True,
    ),
    EntitySet(
        "VendInvoiceJourBiEntities",
        "VendInvoiceJourBiEntity",
        ("dataAreaId", "SourceKey"),
        parse_properties(
            """dataAreaId:Str, SourceKey:I64, InvoiceId:Str, InvoiceDate:DTO, InvoiceAccount:Str, OrderAccount:Str,
            PurchId:Str, InvoiceAmount:Dec, InvoiceAmountMST:Dec, SumTax:Dec, CurrencyCode:Str, DueDate:DTO,
            LedgerVoucher:Str, DocumentDate:DTO, InternalInvoiceId:Str, CreatedOn:DTO!"""
        ),
        "VendInvoiceJourBiEntity",
        read_only=True,
    ),
    EntitySet(
        "VendInvoiceTransBiEntities",
        "VendInvoiceTransBiEntity",
        ("dataAreaId", "SourceKey"),
        parse_properties(
            """dataAreaId:Str, SourceKey:I64, InvoiceId:Str, PurchID:Str, ItemId:Str, ExternalItemId:Str, Qty:Dec,
            PurchPrice:Dec, LineAmount:Dec, PurchaseLineLineNumber:I64, InvoiceDate:DTO, CurrencyCode:Str"""
        ),
        "VendInvoiceTransBiEntity",
        read_only=True,
    ),
)
