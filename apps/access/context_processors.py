from apps.accounts.models import Membership


def roles(request):
    """Which of the role pages to offer in the header (the pages check permissions themselves)."""
    user = getattr(request, "user", None)  # none on a request refused before authentication (a host not served: 400)
    if user is None or not user.is_authenticated:
        return {}
    held = {m.role for m in user.memberships.all()}
    return {"is_accountant": Membership.Role.ACCOUNTANT in held, "is_reviewer": Membership.Role.REVIEWER in held,
            "is_administrator": user.is_superuser or Membership.Role.ADMINISTRATOR in held}
