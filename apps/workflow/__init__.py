"""The review workflow: the transition table, who may take which step, notifications."""
