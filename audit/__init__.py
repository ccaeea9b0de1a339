"""The tamper-evidence mechanism every app shares (docs/architecture.md §5, docs/security.md §3): the audit keys and
their HMAC (`keys`), the canonical content and hash of a chained row (`chain`) and the abstract chained row
(`records.ChainedRecord`). Pure functions and an abstract model: it sits just above `config`, below every app, so
scoring's score-sheet log, the security event log and workflow's transition log use it without importing upwards.
The tables it writes (the chain heads, the record seals) belong to workflow (`workflow.services.audit`,
`workflow.seals`)."""
