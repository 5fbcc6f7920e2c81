from .engine import CheckResult, Finding, Rule, Severity, all_rules, check_report, check_snapshot, rules_for

__all__ = ["CheckResult", "Finding", "Rule", "Severity", "all_rules", "check_report", "check_snapshot", "rules_for"]
