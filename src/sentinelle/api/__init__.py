"""API: the JSON web API under /api/v1, with authentication, roles and audit."""

__all__: list[str] = []
