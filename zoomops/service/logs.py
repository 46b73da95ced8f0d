"""Structured logs for `zoomops serve`: one JSON object a line on stderr (time, level, logger, message, and the
event key or actor when given as `extra`). Nothing secret is ever passed to a log call."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import TextIO

EXTRA_FIELDS = ("event", "by", "holder", "token")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(), "level": record.levelname.lower(),
                "logger": record.name, "msg": record.getMessage()}
        data.update({k: getattr(record, k) for k in EXTRA_FIELDS if hasattr(record, k)})
        if record.exc_info and record.exc_info[0] is not None:
            data["error"] = f"{record.exc_info[0].__name__}: {record.exc_info[1]}"
        return json.dumps(data, ensure_ascii=False, default=str)


def json_logs(stream: TextIO, level: int = logging.INFO) -> logging.Handler:
    """Send the `zoomops` loggers' records to `stream` as JSON lines; returns the handler (to remove it)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("zoomops")
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler
