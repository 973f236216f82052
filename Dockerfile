# defence-qa-bot: one image for every mode. The command picks it (default: `run`, which starts Slack when
# SLACK_BOT_TOKEN is set, Discord when DISCORD_TOKEN is set). Settings and secrets come from the environment
# (docker run --env-file, or compose.yaml); none are baked in. Build: docker build -t defence-qa-bot .

# --- build: the wheel, with the fact base copied in as package data (setup.py) -----------------------------
FROM python:3.13-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md LICENSE requirements.txt ./
COPY knowledge ./knowledge
COPY bot ./bot
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# --- run: the pinned run-time dependencies and the wheel; no compiler, no dev tools ------------------------
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000 \
    BOT_GAP_LOG=/data/gaps.sqlite3
COPY requirements.txt /tmp/requirements.txt
COPY --from=build /wheels /tmp/wheels
RUN pip install --no-cache-dir -r /tmp/requirements.txt \
    && pip install --no-cache-dir --no-deps /tmp/wheels/*.whl \
    && rm -rf /tmp/wheels /tmp/requirements.txt \
    && groupadd --gid 10001 bot \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin bot \
    && mkdir /data \
    && chown 10001:10001 /data
# not root: the user "bot", by number so the runtime can check it without reading /etc/passwd
USER 10001:10001
WORKDIR /home/bot
# The gap log (BOT_GAP_LOG) is written here; mount a volume to keep it across restarts.
VOLUME ["/data"]
# The fact base ships inside the package. To serve another one, mount it and point BOT_FACTS at it:
#   docker run -v "$PWD/knowledge:/facts:ro" -e BOT_FACTS=/facts/facts.yaml ...
# It is reloaded when the file changes (BOT_RELOAD_SECONDS) or on SIGHUP (docker kill -s HUP).
EXPOSE 3000
# Slack HTTP mode: asks GET /healthz (200 while the fact base is loaded and the Slack token works).
# Socket Mode and Discord serve no HTTP; there the check passes while the process runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]
# `release` in the Procfile, as a one-off: docker run --rm IMAGE python -m bot check
CMD ["python", "-m", "bot", "run"]
