"""The source file of a historical report (历史导入), for the finance bureau that loaded it."""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from apps.access.permissions import historical_source_or_404


@login_required
def historical_source(request, department, year):
    source = historical_source_or_404(request.user, department, year)
    return FileResponse(source.file.open("rb"), as_attachment=True, filename=source.name)
