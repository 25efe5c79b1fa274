"""Order and journal entity sets the connector reads and writes: purchase and sales orders, payment journals."""

from __future__ import annotations

from sandbox.dynamics.model import EntitySet, Navigation, NumberSequence, parse_properties

SETS: tuple[EntitySet, ...] = (
    EntitySet(
        "PurchaseOrderHeadersV2",
        "PurchaseOrderHeaderV2",
        ("dataAreaId", "PurchaseOrderNumber"),
        parse_properties(
            """dataAreaId:Str, PurchaseOrderNumber:Str, OrderVendorAccountNumber:Str, InvoiceVendorAccountNumber:Str,
            PurchaseOrderName:Str, PurchaseOrderStatus:E:PurchStatus, DocumentApprovalStatus:E:VersioningDocumentState,
            VendorOrderReference:Str, CurrencyCode:Str, RequestedDeliveryDate:DTO, ConfirmedDeliveryDate:DTO,
            AccountingDate:DTO, DefaultReceivingWarehouseId:Str, DefaultReceivingSiteId:Str,
            DeliveryAddressLocationId:Str,
            DeliveryAddressName:Str, DeliveryAddressStreet:Str, DeliveryAddressCity:Str, DeliveryAddressStateId:Str,
            DeliveryAddressZipCode:Str, DeliveryAddressCountryRegionId:Str, DeliveryModeId:Str, DeliveryTermsId:Str,
            PaymentTermsName:Str, BuyerGroupId:Str, OrdererPersonnelNumber:Str, LanguageId:Str,
            IsChangeManagementActive:E:NoYes"""
        ),
        "PurchPurchaseOrderHeaderV2Entity",
        (
            Navigation(
                "PurchaseOrderLinesV2",
                "PurchaseOrderLinesV2",
                (("dataAreaId", "dataAreaId"), ("PurchaseOrderNumber", "PurchaseOrderNumber")),
            ),
            Navigation(
                "VendorV2",
                "VendorsV2",
                (("dataAreaId", "dataAreaId"), ("OrderVendorAccountNumber", "VendorAccountNumber")),
                many=False,
            ),
        ),
        number_sequence=NumberSequence("PurchaseOrderNumber", "{company}-{n:06d}"),
    ),
    EntitySet(
        "PurchaseOrderLinesV2",
        "PurchaseOrderLineV2",
        ("dataAreaId", "PurchaseOrderNumber", "LineNumber"),
        parse_properties(
            """dataAreaId:Str, PurchaseOrderNumber:Str, LineNumber:I64, ItemNumber:Str, ExternalItemNumber:Str,
            LineDescription:Str, OrderedPurchaseQuantity:Dec, PurchaseUnitSymbol:Str, PurchasePrice:Dec,
            PurchasePriceQuantity:Dec, LineDiscountAmount:Dec, LineAmount:Dec, PurchaseOrderLineStatus:E:PurchStatus,
            RequestedDeliveryDate:DTO, ConfirmedDeliveryDate:DTO, ReceivingWarehouseId:Str, ReceivingSiteId:Str,
            ProcurementProductCategoryName:Str, InventoryLotId:Str, Barcode:Str, IsDeleted:E:NoYes,
            WorkflowState:E:TradeWorkflowState"""
        ),
        "PurchPurchaseOrderLineV2Entity",
        (
            Navigation(
                "PurchaseOrderHeader",
                "PurchaseOrderHeadersV2",
                (("dataAreaId", "dataAreaId"), ("PurchaseOrderNumber", "PurchaseOrderNumber")),
                many=False,
            ),
        ),
    ),
    EntitySet(
        "PurchaseOrderConfirmationHeaders",
        "PurchaseOrderConfirmationHeader",
        ("dataAreaId", "PurchaseOrderNumber", "ConfirmationNumber", "ConfirmationDate"),
        parse_properties(
            """dataAreaId:Str, PurchaseOrderNumber:Str, ConfirmationNumber:Str, ConfirmationDate:DTO,
            OrderVendorAccountNumber:Str, PurchaseOrderStatus:E:PurchStatus,
            DocumentApprovalStatus:E:VersioningDocumentState,
            VendorOrderReference:Str, TotalConfirmedAmount:Dec, TotalTaxAmount:Dec, SubTotalAmount:Dec,
            CurrencyCode:Str,
            RequestedDeliveryDate:DTO, ConfirmationVoucherNumber:Str, PurchaseOrderDocumentReference:Str"""
        ),
        "PurchPurchaseOrderConfirmationHeaderEntity",
        (
            Navigation(
                "PurchaseOrderConfirmationLines",
                "PurchaseOrderConfirmationLines",
                (
                    ("dataAreaId", "dataAreaId"),
                    ("PurchaseOrderNumber", "PurchaseOrderNumber"),
                    ("ConfirmationNumber", "ConfirmationNumber"),
                ),
            ),
        ),
        read_only=True,
    ),
    EntitySet(
        "PurchaseOrderConfirmationLines",
        "PurchaseOrderConfirmationLine",
        ("dataAreaId", "PurchaseOrderNumber", "LineNumber", "ConfirmationNumber", "ConfirmationDate"),
        parse_properties(
            """dataAreaId:Str, PurchaseOrderNumber:Str, LineNumber:I64, ConfirmationNumber:Str, ConfirmationDate:DTO,
            ItemNumber:Str, ExternalItemNumber:Str, OrderedPurchaseQuantity:Dec, PurchasePrice:Dec, LineAmount:Dec,
            ConfirmedDeliveryDate:DTO, PurchaseOrderLineStatus:E:PurchStatus, PurchaseUnitSymbol:Str"""
        ),
        "PurchPurchaseOrderConfirmationLineEntity",
        read_only=True,
    ),
    EntitySet(
        "SalesOrderHeadersV2",
        "SalesOrderHeaderV2",
        ("dataAreaId", "SalesOrderNumber"),
        parse_properties(
            """dataAreaId:Str, SalesOrderNumber:Str, OrderingCustomerAccountNumber:Str,
            InvoiceCustomerAccountNumber:Str,
            CustomerRequisitionNumber:Str, CustomersOrderReference:Str, SalesOrderName:Str,
            SalesOrderStatus:E:SalesStatus,
            SalesOrderProcessingStatus:E:SalesOrderProcessingStatus, CurrencyCode:Str, RequestedShippingDate:DTO,
            RequestedReceiptDate:DTO, ConfirmedShippingDate:DTO, ConfirmedReceiptDate:DTO, OrderCreationDateTime:DTO!,
            DefaultShippingWarehouseId:Str, DefaultShippingSiteId:Str, DeliveryAddressLocationId:Str,
            DeliveryAddressName:Str, DeliveryAddressStreet:Str, DeliveryAddressCity:Str, DeliveryAddressStateId:Str,
            DeliveryAddressZipCode:Str, DeliveryAddressCountryRegionId:Str, DeliveryModeCode:Str, DeliveryTermsCode:Str,
            PaymentTermsName:Str, SalesOrderPoolId:Str, IsSalesProcessingStopped:E:NoYes, OrderTotalAmount:Dec,
            OrderTotalTaxAmount:Dec, LanguageId:Str, Email:Str"""
        ),
        "SalesOrderHeaderV2Entity",
        (
            Navigation(
                "SalesOrderLines",
                "SalesOrderLines",
                (("dataAreaId", "dataAreaId"), ("SalesOrderNumber", "SalesOrderNumber")),
            ),
        ),
        number_sequence=NumberSequence("SalesOrderNumber", "{n:06d}"),
    ),
    EntitySet(
        "SalesOrderLines",
        "SalesOrderLine",
        ("dataAreaId", "InventoryLotId"),
        parse_properties(
            """dataAreaId:Str, InventoryLotId:Str, SalesOrderNumber:Str, LineNumber:Dec, LineCreationSequenceNumber:I32,
            ItemNumber:Str, ExternalItemNumber:Str, LineDescription:Str, OrderedSalesQuantity:Dec, SalesUnitSymbol:Str,
            SalesPrice:Dec, LineDiscountAmount:Dec, LineAmount:Dec, SalesOrderLineStatus:E:SalesStatus,
            RequestedShippingDate:DTO, RequestedReceiptDate:DTO, ConfirmedShippingDate:DTO, ShippingWarehouseId:Str,
            ShippingSiteId:Str, CustomersLineNumber:I32, CustomerRequisitionNumber:Str, OrderLineReference:Str,
            CurrencyCode:Str"""
        ),
        "SalesOrderLineEntity",
        (
            Navigation(
                "SalesOrderHeaderV2",
                "SalesOrderHeadersV2",
                (("dataAreaId", "dataAreaId"), ("SalesOrderNumber", "SalesOrderNumber")),
                many=False,
            ),
        ),
        number_sequence=NumberSequence("InventoryLotId", "{company}-{n:09d}"),
    ),
    EntitySet(
        "CustomerPaymentJournalHeaders",
        "CustomerPaymentJournalHeader",
        ("dataAreaId", "JournalBatchNumber"),
        parse_properties(
            """dataAreaId:Str, JournalBatchNumber:Str, JournalName:Str, OverrideSalesTax:E:NoYes, Description:Str,
            IsPosted:E:NoYes"""
        ),
        "CustomerPaymentJournalHeaderEntity",
        (
            Navigation(
                "CustomerPaymentJournalLine",
                "CustomerPaymentJournalLines",
                (("dataAreaId", "dataAreaId"), ("JournalBatchNumber", "JournalBatchNumber")),
            ),
        ),
        number_sequence=NumberSequence("JournalBatchNumber", "{company}-{n:06d}"),
    ),
    EntitySet(
        "CustomerPaymentJournalLines",
        "CustomerPaymentJournalLine",
        ("dataAreaId", "JournalBatchNumber", "LineNumber"),
        parse_properties(
            """dataAreaId:Str, JournalBatchNumber:Str, LineNumber:Dec, TransactionDate:DTO,
            AccountType:E:LedgerJournalACType,
            AccountDisplayValue:Str, OffsetAccountType:E:LedgerJournalACType, OffsetAccountDisplayValue:Str,
            CreditAmount:Dec, DebitAmount:Dec, CurrencyCode:Str, ExchangeRate:Dec, PaymentMethodName:Str,
            PaymentReference:Str, PaymentId:Str, MarkedInvoice:Str, MarkedInvoiceCompany:Str,
            SettleVoucher:E:SettlementType, Voucher:Str, TransactionText:Str, CustomerName:Str, PostingProfile:Str,
            IsPrepayment:E:NoYes, Company:Str, OffsetCompany:Str, PaymentNotes:Str"""
        ),
        "CustomerPaymentJournalLineEntity",
        (
            Navigation(
                "CustomerPaymentJournalLineHeaderEntity",
                "CustomerPaymentJournalHeaders",
                (("dataAreaId", "dataAreaId"), ("JournalBatchNumber", "JournalBatchNumber")),
                many=False,
            ),
        ),
    ),
    EntitySet(
        "VendorPaymentJournalHeaders",
        "VendorPaymentJournalHeader",
        ("dataAreaId", "JournalBatchNumber"),
        parse_properties(
            """dataAreaId:Str, JournalBatchNumber:Str, JournalName:Str, ChargeBearer:I64, OverrideSalesTax:E:NoYes,
            Description:Str, CategoryPurpose:I64, IsPosted:E:NoYes, LocalInstrument:I64, ServiceLevel:I64"""
        ),
        "VendorPaymentJournalHeaderEntity",
        (
            Navigation(
                "VendorPaymentJournalLine",
                "VendorPaymentJournalLines",
                (("dataAreaId", "dataAreaId"), ("JournalBatchNumber", "JournalBatchNumber")),
            ),
        ),
        number_sequence=NumberSequence("JournalBatchNumber", "{company}-{n:06d}"),
    ),
    EntitySet(
        "VendorPaymentJournalLines",
        "VendorPaymentJournalLine",
        ("dataAreaId", "JournalBatchNumber", "LineNumber"),
        parse_properties(
            """dataAreaId:Str, JournalBatchNumber:Str, LineNumber:Dec, AccountDisplayValue:Str, PaymentId:Str,
            VendorName:Str, TransactionDate:DTO, PostingProfile:Str, AccountType:E:LedgerJournalACType,
            TransactionText:Str, PaymentReference:Str, ExchangeRate:Dec, CheckNumber:Str, CreditAmount:Dec,
            MarkedInvoice:Str, OffsetAccountType:E:LedgerJournalACType, MarkedInvoiceCompany:Str, CurrencyCode:Str,
            OffsetCompany:Str, PaymentMethodName:Str, Company:Str, OffsetAccountDisplayValue:Str, IsPrepayment:E:NoYes,
            DebitAmount:Dec, SettleVoucher:E:SettlementType, Voucher:Str"""
        ),
        "VendorPaymentJournalLineEntity",
        (
            Navigation(
                "VendorPaymentJournalHeader",
                "VendorPaymentJournalHeaders",
                (("dataAreaId", "dataAreaId"), ("JournalBatchNumber", "JournalBatchNumber")),
                many=False,
            ),
        ),
    ),
)
