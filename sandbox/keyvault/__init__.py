"""The Key Vault emulator: versioned secrets behind the real service's challenge, token and RBAC checks."""

from sandbox.keyvault.app import KeyVaultApp, SecretRole, create_keyvault
from sandbox.keyvault.store import SecretStore, SecretVersion

__all__ = ["KeyVaultApp", "SecretRole", "SecretStore", "SecretVersion", "create_keyvault"]
