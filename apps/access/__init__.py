"""Who may see, change and act on what: the one place views ask."""
