from apps.access.permissions import ACCOUNTANT, ADMINISTRATOR, REVIEWER, roles_of


def roles(request):
    """Which of the role pages to offer in the header (the pages check permissions themselves)."""
    user = getattr(request, "user", None)  # none on a request refused before authentication (a host not served: 400)
    if user is None or not user.is_authenticated:
        return {}
    held = roles_of(user)
    return {"is_accountant": ACCOUNTANT in held, "is_reviewer": REVIEWER in held, "is_administrator": ADMINISTRATOR in held}
