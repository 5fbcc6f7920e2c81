# The application image: the web process (gunicorn) and the background worker (Celery) run from it.
# See compose.yaml for a whole installation and docs/operations.md for everything else.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod \
    DJANGO_MEDIA_ROOT=/var/lib/juesuan/media \
    GUNICORN_BIND=0.0.0.0:8000

WORKDIR /srv/juesuan
COPY scripts/system-deps.sh scripts/system-packages.txt scripts/
RUN bash scripts/system-deps.sh && rm -rf /var/lib/apt/lists/*

COPY . .
RUN pip install --no-cache-dir -e . \
 && DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    python manage.py collectstatic --noinput \
 && useradd --system --home-dir /srv/juesuan juesuan \
 && install -d -o juesuan -g juesuan /var/lib/juesuan/media

USER juesuan
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
