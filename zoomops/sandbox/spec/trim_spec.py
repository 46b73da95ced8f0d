"""Trim Zoom's Meeting API OpenAPI spec to the webinar operations zoomops uses.

Run by a developer, never at run or test time:

    .venv/bin/python -m zoomops.sandbox.spec.trim_spec PATH/TO/ZoomMeetingAPISpec.json \
        [--supplement PATH/TO/older/ZoomMeetingAPISpec.json] [--out zoomops/sandbox/spec/zoom_webinar_subset.json]

It keeps, per operation: the request/response schemas (only validation keywords, no prose),
parameters, status codes, the documented error codes with their messages, the rate-limit
label and the scopes. `--supplement` adds status codes that only an older export documents
(e.g. `204` for PUT /webinars/{webinarId}/status, `429`/`300` daily-limit texts).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

OPERATIONS: list[tuple[str, str]] = [
    ("post", "/users/{userId}/webinars"),
    ("get", "/users/{userId}/webinars"),
    ("get", "/webinars/{webinarId}"),
    ("patch", "/webinars/{webinarId}"),
    ("delete", "/webinars/{webinarId}"),
    ("put", "/webinars/{webinarId}/status"),
    ("post", "/webinars/{webinarId}/panelists"),
    ("get", "/webinars/{webinarId}/panelists"),
    ("delete", "/webinars/{webinarId}/panelists"),
    ("delete", "/webinars/{webinarId}/panelists/{panelistId}"),
    ("patch", "/webinars/{webinarId}/livestream"),
    ("get", "/webinars/{webinarId}/livestream"),
    ("patch", "/webinars/{webinarId}/livestream/status"),
    ("patch", "/live_meetings/{meetingId}/events"),
    ("get", "/users/{userId}"),
    ("get", "/report/webinars/{webinarId}/participants"),
    ("get", "/report/webinars/{webinarId}/qa"),
    ("get", "/report/webinars/{webinarId}/polls"),
    ("get", "/past_webinars/{webinarId}/participants"),
    ("get", "/past_webinars/{webinarId}/qa"),
    ("get", "/past_webinars/{webinarId}/polls"),
    ("get", "/past_webinars/{webinarId}/absentees"),
    ("get", "/meetings/{meetingId}/recordings"),
    ("get", "/webinars/{webinarId}/registrants"),
    ("post", "/webinars/{webinarId}/registrants"),
    ("post", "/webinars/{webinarId}/batch_registrants"),
    ("put", "/webinars/{webinarId}/registrants/status"),
    ("get", "/webinars/{webinarId}/registrants/{registrantId}"),
    ("delete", "/webinars/{webinarId}/registrants/{registrantId}"),
    ("get", "/webinars/{webinarId}/registrants/questions"),
    ("patch", "/webinars/{webinarId}/registrants/questions"),
    ("get", "/webinars/{webinarId}/branding"),
    ("post", "/webinars/{webinarId}/branding/name_tags"),
    ("patch", "/webinars/{webinarId}/branding/name_tags/{nameTagId}"),
    ("delete", "/webinars/{webinarId}/branding/name_tags"),
]
# Fields whose allowed values the spec gives only in prose (a backticked list in the description);
# they are kept as `x-enum-from-description` so the generated models and the sandbox can check them.
DESCRIPTION_ENUM_FIELDS = frozenset({"email_language"})
DESCRIPTION_ENUM_RE = re.compile(r"`([a-z]{2}-[A-Z]{2})`")

KEPT_KEYWORDS = (
    "type", "enum", "format", "default", "minimum", "maximum", "minLength", "maxLength",
    "minItems", "maxItems", "pattern", "required", "deprecated",
)
SOURCE = {
    "repository": "shr968/Prokalp",
    "path": "ZoomMeetingAPISpec.json",
    "commit": "8bf2d7465ba71c465a2f1ad6d1d5e641d7e17b32",
}
DEFAULT_OUT = Path(__file__).with_name("zoom_webinar_subset.json")
LABEL_RE = re.compile(r"Rate Limit Label\]\([^)]*\):\*\*\s*`([^`]+)`")
CODE_RE = re.compile(r"\*\*Error Code:\*\*\s*`(\d+)`")
TAG_RE = re.compile(r"<br\s*/?>|\*\*|&mdash;")


def trim_schema(schema: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """Keep only the validation keywords of a schema, recursively (plus enums stated only in prose)."""
    out: dict[str, Any] = {k: schema[k] for k in KEPT_KEYWORDS if k in schema}
    if name in DESCRIPTION_ENUM_FIELDS and "enum" not in schema:
        values = DESCRIPTION_ENUM_RE.findall(schema.get("description", ""))
        if values:
            out["x-enum-from-description"] = values
    if "properties" in schema:
        out["properties"] = {key: trim_schema(sub, key) for key, sub in schema["properties"].items()}
    if "items" in schema:
        out["items"] = trim_schema(schema["items"])
    return out


def error_messages(description: str) -> list[dict[str, Any]]:
    """Parse Zoom's markdown error table: `**Error Code:** `N`` then one or more message lines."""
    parts = CODE_RE.split(description)
    found: list[dict[str, Any]] = []
    for code, text in zip(parts[1::2], parts[2::2], strict=True):
        for line in TAG_RE.sub("\n", text).splitlines():
            message = line.strip().lstrip("*|").strip()
            if message and not message.startswith("HTTP Status"):
                found.append({"code": int(code), "message": message})
    return found


def trim_responses(responses: dict[str, Any]) -> dict[str, Any]:
    """Status code -> {schema?, errors?}."""
    out: dict[str, Any] = {}
    for status, resp in responses.items():
        entry: dict[str, Any] = {}
        schema = resp.get("content", {}).get("application/json", {}).get("schema")
        if schema:
            entry["schema"] = trim_schema(schema)
        errors = error_messages(resp.get("description", ""))
        if errors:
            entry["errors"] = errors
        out[status] = entry
    return out


def trim_operation(path_item: dict[str, Any], method: str) -> dict[str, Any]:
    """One operation, without prose."""
    op = path_item[method]
    params = [*path_item.get("parameters", []), *op.get("parameters", [])]
    label = LABEL_RE.search(op.get("description", ""))
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    out: dict[str, Any] = {
        "operationId": op["operationId"],
        "rate_limit_label": label.group(1).capitalize() if label else None,
        "daily_limit_per_host": 100 if "**100 requests per day**" in op.get("description", "") else None,
        "scopes": op.get("extensions", {}).get("x-macro-scopes", []),
        "parameters": [
            {"name": p["name"], "in": p["in"], "required": p.get("required", False),
             "schema": trim_schema(p.get("schema", {}))}
            for p in params
        ],
        "responses": trim_responses(op.get("responses", {})),
    }
    if body:
        out["requestBody"] = trim_schema(body)
    return out


def supplement(ops: dict[str, Any], older: dict[str, Any]) -> None:
    """Add status codes documented only in the older export (marked `from_supplement`)."""
    for key, op in ops.items():
        method, path = key.split(" ", 1)
        old = older.get("paths", {}).get(path, {}).get(method.lower())
        if not old:
            continue
        for status, resp in old.get("responses", {}).items():
            if op["responses"].get(status):
                continue
            text = TAG_RE.sub(" ", resp.get("description", ""))
            text = " ".join(re.sub(r"HTTP Status Code:\s*`\d+`", "", text).split())
            if text:
                op["responses"][status] = {"from_supplement": True, "text": text}


def build(spec_path: Path, supplement_path: Path | None, today: str) -> dict[str, Any]:
    """The whole trimmed document."""
    raw = spec_path.read_bytes()
    spec = json.loads(raw)
    ops = {f"{m.upper()} {p}": trim_operation(spec["paths"][p], m) for m, p in OPERATIONS}
    source: dict[str, Any] = {**SOURCE, "file": spec_path.name, "sha256": hashlib.sha256(raw).hexdigest(),
                              "info_version": spec.get("info", {}).get("version"), "trimmed": today}
    if supplement_path is not None:
        older_raw = supplement_path.read_bytes()
        supplement(ops, json.loads(older_raw))
        source["supplement"] = {
            "repository": "tommyhuangli/zoom-link-generator", "path": "ZoomMeetingAPISpec.json",
            "commit": "c3d029976e6d5e19c16023bc1add6608605bc3a4",
            "sha256": hashlib.sha256(older_raw).hexdigest(),
        }
    return {"x-zoomops-source": source, "operations": ops}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="Zoom's ZoomMeetingAPISpec.json (shr968/Prokalp export)")
    parser.add_argument("--supplement", type=Path, default=None, help="older export with extra status texts")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    doc = build(args.spec, args.supplement, datetime.now(UTC).date().isoformat())
    args.out.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(doc['operations'])} operations)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
