"""The accountant's entry: table grids, text sections, imports, submission."""
