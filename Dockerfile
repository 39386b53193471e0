# Warta: the Telegram bot and its ingestion schedule in one process.
#   docker build -t warta .
#   docker run -e TELEGRAM_BOT_TOKEN=... -v warta-data:/data warta
# Two stages: the first builds wheels (with a compiler, for any dependency published only as
# source); the second installs them into a slim image with no compiler, no pip cache and no
# source tree. The default feeds, topics and site rules ship inside the wheel (seeds/).

FROM python:3.11 AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY summaries ./summaries
COPY bot ./bot
COPY seeds ./seeds
# Warta's own wheel and one for every dependency (binary wheels as published, the rest built).
RUN pip wheel --wheel-dir /wheels .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WARTA_DATABASE=/data/warta.db
# The wheels are mounted for this one step only, so they add no layer to the image.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links /wheels warta \
    && useradd --create-home --uid 10001 warta \
    && mkdir -p /data \
    && chown warta:warta /data

USER warta
WORKDIR /home/warta
VOLUME ["/data"]
CMD ["warta", "run"]
