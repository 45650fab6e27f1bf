import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  redactText
} from "./chunk-M2D2NH6K.js";

// src/service/api-error.ts
var ApiError = class extends Error {
  status;
  code;
  headers;
  details;
  constructor(status, code, message, extra) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = extra?.headers ?? {};
    this.details = extra?.details;
  }
};
function errorBody(err) {
  return {
    error: { ...err.details, code: err.code, message: redactText(err.message) }
  };
}

// src/service/plan-request.ts
var MAX_FILES = 1e3;
var FILE_NAME = /^[^\u0000-\u001f\u007f]{1,256}$/;
var KNOWN_FIELDS = /* @__PURE__ */ new Set(["head", "base"]);
function parsePlanFormat(url) {
  const q = url.indexOf("?");
  const params = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
  const format = params.get("format");
  if (format === null || format === "" || format === "json") return "json";
  if (format === "markdown" || format === "md") return "markdown";
  throw new ApiError(
    400,
    "invalid-format",
    "query parameter 'format' must be 'json' or 'markdown'"
  );
}
function checkJsonContentType(contentType) {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(
      415,
      "unsupported-media-type",
      "send the body as JSON with Content-Type: application/json"
    );
  }
}
function side(value, field) {
  if (value === void 0 || value === null) return void 0;
  if (typeof value === "string") return [{ name: field, content: value }];
  const shape = `field "${field}" must be YAML text or a list of {"name", "content"} files`;
  if (!Array.isArray(value)) throw new ApiError(400, `invalid-${field}`, shape);
  if (value.length > MAX_FILES) {
    throw new ApiError(
      400,
      `invalid-${field}`,
      `field "${field}" lists more than ${MAX_FILES} files`
    );
  }
  const names = /* @__PURE__ */ new Set();
  return value.map((item, i) => {
    const f = item;
    if (typeof f !== "object" || f === null || typeof f.name !== "string" || typeof f.content !== "string") {
      throw new ApiError(400, `invalid-${field}`, `${shape} (item ${i})`);
    }
    if (!FILE_NAME.test(f.name)) {
      throw new ApiError(
        400,
        `invalid-${field}`,
        `${field}[${i}].name must be 1-256 characters without control characters`
      );
    }
    if (names.has(f.name)) {
      throw new ApiError(
        400,
        `invalid-${field}`,
        `${field} names a file twice (item ${i})`
      );
    }
    names.add(f.name);
    return { name: f.name, content: f.content };
  });
}
function parsePlanBody(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : "";
    throw new ApiError(400, "invalid-json", `body is not valid JSON: ${reason}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(
      400,
      "invalid-body",
      'body must be a JSON object {"head": "<YAML>", "base": "<YAML>"}'
    );
  }
  const record = body;
  const unknown = Object.keys(record).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      "unknown-field",
      `unknown field(s) ${unknown.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 64))).join(", ")}; expected "head" and optional "base"`
    );
  }
  const head = side(record["head"], "head");
  if (head === void 0) {
    throw new ApiError(
      400,
      "missing-head",
      'field "head" (the manifests as YAML text) is required'
    );
  }
  return { head, base: side(record["base"], "base") ?? [] };
}

export {
  ApiError,
  errorBody,
  parsePlanFormat,
  checkJsonContentType,
  parsePlanBody
};
