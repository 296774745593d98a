"""Views of the visits app: `tablet` and `sync` for volunteer pairs; `contacts`, `follow_up`,
`activities`, `campaigns` and `exports` for CCAS staff."""
