# The image a Ray cluster (KubeRay RayJob) runs quelle batch in: Ray's Python, quelle with the
# scale extra, and the German-English copy lexicon built from Debian's trans-de-en at build time.
# Build: docker build -t quelle:scale .      (see docs/scale.md; this build is not tested in CI)
FROM python:3.11-slim-bookworm

RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends trans-de-en \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/quelle
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN python src/quelle/copies/lexicon_build.py /usr/share/trans/de-en src/quelle/copies/data/built/de_en.tsv \
 && pip install --no-cache-dir -e ".[scale]" "s3fs==2026.9.0"

ENV DAFT_ANALYTICS_ENABLED=0 DO_NOT_TRACK=1 RAY_USAGE_STATS_ENABLED=0
# KubeRay starts ray itself on head and workers; the RayJob's entrypoint runs quelle batch --engine ray
CMD ["quelle", "--help"]
