"""HTTP plumbing both remote clients share: one pooled session per system and one retry policy."""
