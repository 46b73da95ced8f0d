# zoomops serve: the always-on service (README, "Running as a service").
# Build: docker build -t zoomops .   Run: see compose.yaml (schedules mounted read-only, state in a volume).
FROM python:3.11-slim
WORKDIR /src
COPY pyproject.toml README.md ./
COPY zoomops ./zoomops
RUN pip install --no-cache-dir . \
 && useradd --system --create-home --home-dir /var/lib/zoomops zoomops \
 && mkdir -p /schedules && chmod 700 /var/lib/zoomops
USER zoomops
ENV ZOOMOPS_STATE_DIR=/var/lib/zoomops
EXPOSE 8750
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import sys,urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8750/readyz').status != 200)"
ENTRYPOINT ["zoomops", "serve", "/schedules", "--listen", "0.0.0.0", "--port", "8750"]
