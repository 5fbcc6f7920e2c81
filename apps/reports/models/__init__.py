from .catalogues import EconomicSubject, EditionChoice, FiscalYear, FunctionalSubject, StandardGlossaryTerm
from .documents import PublishedDocument, PublishedFigures, PublishedLine, SourceDocument
from .narrative import (
    Attachment,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    ReportOverview,
    WarningExplanation,
)
from .report import Report
from .tables import (
    BalanceFacts,
    BasicExpenditureLine,
    ExpenditureLine,
    FundLine,
    GeneralBudgetLine,
    IncomeLine,
    PinnedTotal,
    TableNote,
    ThreePublicExpenditure,
)
from .workflow import ReportCheckSummary, ReportEvent, ReportingDeadline, ReviewComment

__all__ = [
    "Attachment",
    "BalanceFacts",
    "BasicExpenditureLine",
    "EditionChoice",
    "EconomicSubject",
    "ExpenditureLine",
    "FiscalYear",
    "FunctionalSubject",
    "FundLine",
    "GeneralBudgetLine",
    "GlossaryEntry",
    "IncomeLine",
    "ItemBudget",
    "NarrativeFacts",
    "NarrativeSection",
    "PinnedTotal",
    "PublishedDocument",
    "PublishedFigures",
    "PublishedLine",
    "SourceDocument",
    "ReportCheckSummary",
    "Report",
    "ReportEvent",
    "ReportingDeadline",
    "ReviewComment",
    "ReportOverview",
    "StandardGlossaryTerm",
    "TableNote",
    "ThreePublicExpenditure",
    "WarningExplanation",
]
