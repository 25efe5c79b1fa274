"""Microsoft Dynamics 365 Finance & Operations: Entra ID sign-in, the OData client, entity records."""
