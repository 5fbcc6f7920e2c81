"""The finance bureau's year: dashboard, progress, consolidation, bulk import."""
