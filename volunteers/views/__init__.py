"""Views of the volunteers app, one module per area (volunteers, pairs, meetings, imports, exports)."""
