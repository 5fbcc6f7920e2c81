"""The product's refusals: one base class, each kind with a stable code; the message says why, in Chinese."""


class Refused(Exception):
    """A step the product will not take, and why (in Chinese). Views show the message; jobs fail at once on it."""

    code = "refused"


class TransitionRefused(Refused):
    """The report cannot take this step now (its state, a missing explanation, a data change after draft)."""

    code = "transition_refused"
