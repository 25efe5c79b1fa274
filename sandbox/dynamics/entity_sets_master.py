"""Master data entity sets: vendors, customers, released products, barcodes, external item numbers, ledger."""

from __future__ import annotations

from sandbox.dynamics.model import EntitySet, Navigation, NumberSequence, parse_properties

_PRODUCT_DIMS = (
    "ProductColorId:Str, ProductConfigurationId:Str, ProductSizeId:Str, ProductStyleId:Str, ProductVersionId:Str"
)

SETS: tuple[EntitySet, ...] = (
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
        "ProductsV2",
        "ProductV2",
        ("ProductNumber",),
        parse_properties(
            """ProductNumber:Str, ProductName:Str, ProductDescription:Str, ProductSearchName:Str,
            ProductType:E:EcoResProductType, ProductSubType:E:EcoResProductSubtype"""
        ),
        "EcoResProductV2Entity",
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
