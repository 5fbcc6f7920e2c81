"""Background jobs: the Job record, attempts and retries; the owning apps register their handlers."""
