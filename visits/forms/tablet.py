"""Forms the volunteer pairs fill on the tablet."""
