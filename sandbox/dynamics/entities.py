"""The entity sets the emulator serves, with keys, property names and Edm types from reference §5 / Appendix A-B.

Property lists are the subset of each real entity that integration flows touch (the real types carry 30-300
properties); names, keys and types are copied, never invented, except where ADR 0220 records an assumption.
"""

from __future__ import annotations

from sandbox.dynamics.model import EntitySet, Navigation, NumberSequence, parse_properties

__all__ = ["ENTITY_SETS", "entity_set"]

_PRODUCT_DIMS = (
    "ProductColorId:Str, ProductConfigurationId:Str, ProductSizeId:Str, ProductStyleId:Str, ProductVersionId:Str"
)

_SETS: tuple[EntitySet, ...] = (
    EntitySet(
        "VendorsV2",
        "VendorV2",
        ("dataAreaId", "VendorAccountNumber"),
        parse_properties(
            """dataAreaId:Str, VendorAccountNumber:Str, VendorOrganizationName:Str, VendorSearchName:Str,
            VendorGroupId:Str, VendorPartyType:Str, VendorPartyNumber:Str, CurrencyCode:Str,
            DefaultPaymentTermsName:Str,
            DefaultVendorPaymentMethodName:Str, InvoiceVendorAccountNumber:Str, OnHoldStatus:E:CustVendorBlocked,
            VendorHoldReleaseDate:DTO, PrimaryEmailAddress:Str, PrimaryPhoneNumber:Str, AddressStreet:Str,
            AddressCity:Str,
            AddressStateId:Str, AddressZipCode:Str, AddressCountryRegionId:Str, SalesTaxGroupCode:Str,
            TaxExemptNumber:Str,
            BankAccountId:Str, DUNSNumber:Str, LanguageId:Str, ProductDescriptionVendorGroupId:Str, CreditLimit:Dec"""
        ),
        "VendVendorV2Entity",
        (
            Navigation(
                "VendorProductDescriptionsV2",
                "VendorProductDescriptionsV2",
                (("dataAreaId", "dataAreaId"), ("VendorAccountNumber", "VendorAccountNumber")),
            ),
            Navigation(
                "PurchaseOrderHeaderV2",
                "PurchaseOrderHeadersV2",
                (("dataAreaId", "dataAreaId"), ("VendorAccountNumber", "OrderVendorAccountNumber")),
            ),
        ),
        number_sequence=NumberSequence("VendorAccountNumber", "{company}-V{n:04d}"),
    ),
    EntitySet(
        "CustomersV3",
        "CustomerV3",
        ("dataAreaId", "CustomerAccount"),
        parse_properties(
            """dataAreaId:Str, CustomerAccount:Str, OrganizationName:Str, NameAlias:Str, PartyType:Str, PartyNumber:Str,
            CustomerGroupId:Str, SalesCurrencyCode:Str, PaymentTerms:Str, PaymentMethod:Str, InvoiceAccount:Str,
            CreditLimit:Dec, OnHoldStatus:E:CustVendorBlocked, PrimaryContactEmail:Str, PrimaryContactPhone:Str,
            AddressStreet:Str, AddressCity:Str, AddressState:Str, AddressZipCode:Str, AddressCountryRegionId:Str,
            DeliveryAddressLocationId:Str, SalesTaxGroup:Str, TaxExemptNumber:Str, IsOrderNumberReferenceUsed:E:NoYes,
            LanguageId:Str, DeliveryMode:Str, DeliveryTerms:Str, WarehouseId:Str, SiteId:Str"""
        ),
        "CustCustomerV3Entity",
        (
            Navigation(
                "CustomerProductDescriptionsV2",
                "CustomerProductDescriptionsV2",
                (("dataAreaId", "dataAreaId"), ("CustomerAccount", "CustomerAccountNumber")),
            ),
        ),
        number_sequence=NumberSequence("CustomerAccount", "{company}-C{n:04d}"),
    ),
    EntitySet(
        "ReleasedProductsV2",
        "ReleasedProductV2",
        ("dataAreaId", "ItemNumber"),
        parse_properties(
            """dataAreaId:Str, ItemNumber:Str, ProductNumber:Str, SearchName:Str, ProductSearchName:Str,
            ProductType:E:EcoResProductType, ProductSubType:E:EcoResProductSubtype, ProductGroupId:Str,
            ItemModelGroupId:Str,
            StorageDimensionGroupName:Str, TrackingDimensionGroupName:Str, InventoryUnitSymbol:Str,
            PurchaseUnitSymbol:Str,
            SalesUnitSymbol:Str, SalesPrice:Dec, PurchasePrice:Dec, UnitCost:Dec, PrimaryVendorAccountNumber:Str,
            NetProductWeight:Dec, TareProductWeight:Dec, IsBatchNumberActive:E:NoYes, IsSerialNumberActive:E:NoYes,
            SellStartDate:DTO"""
        ),
        "EcoResReleasedProductV2Entity",
        (
            Navigation(
                "ProductBarcodesV3",
                "ProductBarcodesV3",
                (("dataAreaId", "dataAreaId"), ("ItemNumber", "ItemNumber")),
            ),
            Navigation(
                "CustomerProductDescriptionsV2",
                "CustomerProductDescriptionsV2",
                (("dataAreaId", "dataAreaId"), ("ItemNumber", "ItemNumber")),
            ),
            Navigation(
                "VendorProductDescriptionsV2",
                "VendorProductDescriptionsV2",
                (("dataAreaId", "dataAreaId"), ("ItemNumber", "ItemNumber")),
            ),
        ),
    ),
    EntitySet(
        "ProductBarcodesV3",
        "ProductBarcodeV3",
        (
            "dataAreaId",
            "ItemNumber",
            "ProductConfigurationId",
            "ProductColorId",
            "ProductSizeId",
            "ProductStyleId",
            "ProductVersionId",
            "ProductQuantityUnitSymbol",
            "BarcodeSetupId",
            "Barcode",
        ),
        parse_properties(
            f"""dataAreaId:Str, ItemNumber:Str, {_PRODUCT_DIMS}, ProductQuantityUnitSymbol:Str, BarcodeSetupId:Str,
            Barcode:Str, ProductDescription:Str, IsDefaultScannedBarcode:E:NoYes, IsDefaultDisplayedBarcode:E:NoYes,
            IsDefaultPrintedBarcode:E:NoYes, ProductQuantity:Dec"""
        ),
        "EcoResProductBarcodeV3Entity",
        (
            Navigation(
                "ReleasedProductV2",
                "ReleasedProductsV2",
                (("dataAreaId", "dataAreaId"), ("ItemNumber", "ItemNumber")),
                many=False,
            ),
        ),
    ),
    EntitySet(
        "CustomerProductDescriptionsV2",
        "CustomerProductDescriptionV2",
        (
            "dataAreaId",
            "ItemNumber",
            "ProductColorId",
            "ProductConfigurationId",
            "ProductSizeId",
            "ProductStyleId",
            "ProductVersionId",
            "CustomerAccountNumber",
            "ProductDescriptionCustomerGroupId",
        ),
        parse_properties(
            f"""dataAreaId:Str, ItemNumber:Str, {_PRODUCT_DIMS}, CustomerAccountNumber:Str,
            ProductDescriptionCustomerGroupId:Str, CustomerABCCode:E:ABC, CustomerProductNumber:Str,
            CustomerProductDescription:Str, CustomerABCCodeNote:Str"""
        ),
        "CustomerProductDescriptionV2Entity",
        (
            Navigation(
                "Customer",
                "CustomersV3",
                (("dataAreaId", "dataAreaId"), ("CustomerAccountNumber", "CustomerAccount")),
                many=False,
            ),
            Navigation(
                "ReleasedProduct",
                "ReleasedProductsV2",
                (("dataAreaId", "dataAreaId"), ("ItemNumber", "ItemNumber")),
                many=False,
            ),
        ),
    ),
    EntitySet(
        "VendorProductDescriptionsV2",
        "VendorProductDescriptionV2",
        (
            "dataAreaId",
            "ItemNumber",
            "ProductColorId",
            "ProductConfigurationId",
            "ProductSizeId",
            "ProductStyleId",
            "ProductVersionId",
            "VendorAccountNumber",
            "ProductDescriptionVendorGroupId",
        ),
        parse_properties(
            f"""dataAreaId:Str, ItemNumber:Str, {_PRODUCT_DIMS}, VendorAccountNumber:Str,
            ProductDescriptionVendorGroupId:Str, VendorABCCode:E:ABC, VendorProductNumber:Str,
            VendorProductDescription:Str, VendorABCCodeNote:Str"""
        ),
        "VendorProductDescriptionV2Entity",
        (
            Navigation(
                "Vendor",
                "VendorsV2",
                (("dataAreaId", "dataAreaId"), ("VendorAccountNumber", "VendorAccountNumber")),
                many=False,
            ),
            Navigation(
                "ReleasedProduct",
                "ReleasedProductsV2",
                (("dataAreaId", "dataAreaId"), ("ItemNumber", "ItemNumber")),
                many=False,
            ),
        ),
    ),
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
    EntitySet(
        "MainAccounts",
        "MainAccount",
        ("ChartOfAccounts", "MainAccountId"),
        parse_properties(
            """ChartOfAccounts:Str, MainAccountId:Str, Name:Str, MainAccountType:E:DimensionLedgerAccountType,
            MainAccountCategory:Str, IsSuspended:E:NoYes, ActiveFrom:DTO, ActiveTo:DTO, DoNotAllowManualEntry:E:NoYes,
            DebitCreditDefault:E:DebCredProposal, DebitCreditRequirement:E:DebCredProposal, DefaultCurrency:Str,
            MainAccountRecId:I64, ChartOfAccountsRecId:I64"""
        ),
        "MainAccountEntity",
    ),
    EntitySet(
        "LegalEntities",
        "LegalEntity",
        ("LegalEntityId",),
        parse_properties("LegalEntityId:Str, Name:Str, AddressCountryRegionId:Str, CurrencyCode:Str"),
        "OMLegalEntityEntity",
        read_only=True,
    ),
)

ENTITY_SETS: dict[str, EntitySet] = {s.name: s for s in _SETS}


def entity_set(name: str) -> EntitySet | None:
    """Set names are case-sensitive in F&O (reference §3.1)."""
    return ENTITY_SETS.get(name)
