"""No view decides roles itself: every view module asks `apps.access` (docs/architecture.md, "who may").

The view modules are found by walking the tree (`apps/<app>/views.py`, `apps/<app>/views/*.py`, at any depth), so a
new one cannot escape; each is read as Python (not as text) and may not name a membership, a role, a role's value,
or the superuser and staff flags."""
import ast
from pathlib import Path

import pytest

from apps.accounts.models import Membership

APPS = Path(__file__).resolve().parents[2] / "apps"

FORBIDDEN_NAMES = {"Membership", "memberships", "Role", "is_superuser", "is_staff"}
ROLE_VALUES = set(Membership.Role.values)


def view_modules() -> list[Path]:
    return [path for path in sorted(APPS.rglob("*.py"))
            if path.name == "views.py" or "views" in path.relative_to(APPS).parts[:-1]]


def role_decisions(source: str) -> list[tuple[int, str]]:
    """(line, what) for every place the code names a membership, a role or the superuser/staff flags."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_NAMES:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.alias) and (node.asname or node.name).rsplit(".", 1)[-1] in FORBIDDEN_NAMES:
            found.append((node.lineno, f"import {node.name}"))
        elif isinstance(node, ast.keyword) and node.arg and (
                node.arg.startswith("memberships") or node.arg.split("__")[0] == "role"):
            found.append((node.value.lineno, f"{node.arg}="))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                node.value in ROLE_VALUES or "memberships" in node.value):
            found.append((node.lineno, repr(node.value)))
    return sorted(found)


def test_the_walk_finds_the_view_modules_of_every_layout():
    found = {path.relative_to(APPS).as_posix() for path in view_modules()}
    assert {"review/views.py", "jobs/views.py", "entry/views/pages.py", "bureau/views/dashboard.py",
            "portal/views/reports.py"} <= found
    assert "access/permissions.py" not in found and "review/urls.py" not in found


@pytest.mark.parametrize("code", [
    "from apps.accounts.models import Membership",
    "Organisation.objects.filter(memberships__user=user)",
    "list(request.user.memberships.all())",
    "role == models.Membership.Role.REVIEWER",
    "if request.user.is_superuser: pass",
    "allowed = user.is_staff",
    'if role == "reviewer": pass',
    "Grant.objects.filter(role__in=roles)",
    'Organisation.objects.filter(**{"memberships__role": r})',
])
def test_a_role_decision_is_seen(code):
    assert role_decisions(code), code


def test_asking_the_access_module_is_not_a_role_decision():
    assert role_decisions(
        "from apps.access.permissions import REVIEWER, bureaus_reviewed_by, require_role\n"
        "@require_role(REVIEWER)\n"
        "def queue(request):\n"
        "    return list(bureaus_reviewed_by(request.user))\n") == []


@pytest.mark.parametrize("path", view_modules(), ids=lambda path: path.relative_to(APPS).as_posix())
def test_no_view_decides_roles_itself(path):
    assert role_decisions(path.read_text(encoding="utf-8")) == [], (
        f"{path.relative_to(APPS)}: ask apps.access (permissions.py) who may, do not decide it here")


# Modules outside apps/access and apps/accounts that name roles, and why that is no decision of who may.
NAMES_ROLES = {
    "reports/services/demo.py": "creates the demo's people and grants them their roles",
}


def test_no_module_outside_access_decides_roles():
    """Services, selectors and notifications ask apps.access too (the workflow's table names its questions there)."""
    found = {}
    for path in sorted(APPS.rglob("*.py")):
        relative = path.relative_to(APPS)
        if relative.parts[0] in ("access", "accounts") or "migrations" in relative.parts:
            continue
        if decisions := role_decisions(path.read_text(encoding="utf-8")):
            found[relative.as_posix()] = decisions
    assert set(found) == set(NAMES_ROLES), found
