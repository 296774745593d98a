"""Views of the seniors app, one module per area (files, partners and referrals, imports, exports)."""
