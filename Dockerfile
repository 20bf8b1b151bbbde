# The image a Ray cluster (KubeRay RayJob) runs quelle batch in: Ray's Python, quelle with the
# scale extra, and the copy-detection lexicons built by `quelle setup-data` at build time from the
# Debian dictionaries listed in deploy/debian-dictionaries.txt (the list CI installs too).
# Build: docker build -t quelle:scale .      (see docs/scale.md; this build is not tested in CI)
FROM python:3.11-slim-bookworm

COPY deploy/debian-dictionaries.txt /tmp/debian-dictionaries.txt
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $(grep -v '^#' /tmp/debian-dictionaries.txt) \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/quelle
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN pip install --no-cache-dir -e ".[scale]" "s3fs==2026.9.0" \
 && quelle setup-data --strict

ENV DAFT_ANALYTICS_ENABLED=0 DO_NOT_TRACK=1 RAY_USAGE_STATS_ENABLED=0
# KubeRay starts ray itself on head and workers; the RayJob's entrypoint runs quelle batch --engine ray
CMD ["quelle", "--help"]
