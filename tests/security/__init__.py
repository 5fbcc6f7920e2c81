"""Attacks and faults found by an outside test (issue 16): each test performs one and asserts the safe outcome."""
