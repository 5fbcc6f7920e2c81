"""The product's refusals: one base class, each kind with a stable code; the message says why, in Chinese.

Every refusal the product makes subclasses `Refused` (the classes live with the code that refuses: `JobRefused` in
apps/jobs, `WorkbookRefused` in apps/documents/interchange, `FileRefused` in apps/bureau, `CellNotTyped` and
`ReportNotFound` here in the core). What the user reads comes from `message_of`: a view that shows a refusal, a job
that fails on one and a management command all ask it."""


class Refused(Exception):
    """A step the product will not take, and why (in Chinese). Views show the message; jobs fail at once on it."""

    code = "refused"


class TransitionRefused(Refused):
    """The report cannot take this step now (its state, a missing explanation, a data change after draft)."""

    code = "transition_refused"


# What a refusal says when it was raised without a message of its own, by code.
MESSAGES = {
    Refused.code: "无法执行此操作。",
    TransitionRefused.code: "这份决算当前不能执行此操作，请刷新页面后重试。",
}


def message_of(exc: Exception) -> str:
    """What the user reads about a refusal: its own message, or the one its code (or its kind) has."""
    return str(exc) or MESSAGES.get(getattr(exc, "code", ""), MESSAGES[Refused.code])
