# syntax=docker/dockerfile:1
# Meta-Agent: build the virtualenv in one stage, run it slim and unprivileged in the next.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY engine ./engine
COPY bot ./bot
RUN pip install ".[sentry]"

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
RUN groupadd --system --gid 10001 metaagent \
    && useradd --system --uid 10001 --gid metaagent --home-dir /app --shell /usr/sbin/nologin metaagent \
    && mkdir -p /app && chown metaagent:metaagent /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
USER metaagent
EXPOSE 3000
# serve drains turns on SIGTERM for SHUTDOWN_GRACE_SECONDS (20 s); give it longer: docker stop -t 30
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]
ENTRYPOINT ["meta-agent"]
CMD ["serve"]
