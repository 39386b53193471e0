# Warta: the Telegram bot and its ingestion schedule in one process.
#   docker build -t warta .
#   docker run -e TELEGRAM_BOT_TOKEN=... -v warta-data:/data warta
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WARTA_DATABASE=/data/warta.db

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY summaries ./summaries
COPY bot ./bot
COPY seeds ./seeds
RUN pip install . \
    && useradd --create-home --uid 10001 warta \
    && mkdir -p /data \
    && chown warta:warta /data

USER warta
VOLUME ["/data"]
CMD ["warta", "run"]
