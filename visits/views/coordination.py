"""Coordinators' pages on calls, visits, alerts, activities and campaigns."""
