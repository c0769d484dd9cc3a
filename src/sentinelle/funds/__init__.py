"""Funds: the joint donor-fund ledger, from pledges to jointly approved disbursements."""

__all__: list[str] = []
