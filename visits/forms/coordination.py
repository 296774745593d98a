"""Forms CCAS staff fill about calls, visits, alerts, activities and campaigns."""
