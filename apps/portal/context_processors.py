from django.conf import settings


def site_footer(request):
    """The footer's registration lines (主办单位, 网站标识码, ICP备案 …) the deployment set, in their order."""
    return {"site_footer": [(label, value) for label, value in settings.JUESUAN_FOOTER.items() if value]}
