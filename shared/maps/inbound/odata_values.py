"""Small conversions shared by the inbound maps: dates and account display values as OData wants them."""

from __future__ import annotations

from datetime import date

from shared.dynamics.odata import dynamics_date

__all__ = ["account_display_value", "odata_date"]


def odata_date(day: date) -> str:
    """A date-only field's value: noon UTC of the day, the instant F&O stores (dynamics.md §3.6)."""
    return dynamics_date(day).strftime("%Y-%m-%dT%H:%M:%SZ")


def account_display_value(account: str) -> str:
    """A journal line's account display value: segment separators (hyphens) in the account escaped as ``\\-``."""
    return account.replace("-", "\\-")
