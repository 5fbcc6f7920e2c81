"""Publication and the public portal: frozen files, public pages, open data."""
