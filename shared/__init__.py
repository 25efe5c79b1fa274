"""ml-connector: Dynamics 365 Finance & Operations <-> IBM Sterling B2B Integrator.

The package is named ``shared`` because the Azure Functions design card calls it "code shared by the
functions"; see docs/adr/0001 for the layout.
"""
