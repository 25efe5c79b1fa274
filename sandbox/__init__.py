"""Emulators of Entra ID, Dynamics 365 F&O, Sterling B2B Integrator and Key Vault: dev and test only, never deployed."""
