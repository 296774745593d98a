"""Forms of the visits app: `tablet` for volunteer pairs, `coordination` for CCAS staff."""
