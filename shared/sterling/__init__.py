"""IBM Sterling B2B Integrator REST API (/B2BAPIs/svc/): documents, mailboxes, mailbox messages, polling."""
