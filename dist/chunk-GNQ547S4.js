import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-H3PSRQXT.js";
import {
  checkInputBounds
} from "./chunk-OYJMIEJR.js";
import {
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_OBJECTS,
  MAX_YAML_ALIAS_COUNT
} from "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import {
  __toESM
} from "./chunk-T3LJ2J2J.js";

// src/core/manifests/parse.ts
var import_yaml = __toESM(require_dist(), 1);
var TIMESTAMP = "tag:yaml.org,2002:timestamp";
function kubectlTags(tags) {
  return tags.filter((tag) => {
    if (typeof tag !== "object") return true;
    if (tag.tag === TIMESTAMP) return false;
    return !("format" in tag && tag.format === "TIME");
  });
}
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
    starts.push(i + 1);
  return starts;
}
function lineAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
function jsonMode(text, file) {
  const strict = file.toLowerCase().endsWith(".json");
  const first = /\S/.exec(text);
  if (!strict && (first === null || first[0] !== "{" && first[0] !== "["))
    return false;
  try {
    JSON.parse(text);
    return true;
  } catch (err) {
    if (!strict) return false;
    const message = err instanceof Error ? err.message : String(err);
    const lineCol = /line (\d+) column \d+/.exec(message);
    const position = /position (\d+)/.exec(message);
    const line = lineCol ? Number(lineCol[1]) : position ? lineAt(lineStarts(text), Number(position[1])) : lineStarts(text.trimEnd()).length;
    throw new UserError(
      `JSON syntax error: ${message.split("\n")[0]?.replace(/,? ".*" is not valid JSON$/, "") ?? message}`,
      { file, line }
    );
  }
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function describeType(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}
function toPlain(doc, file, line) {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message))
      throw new UserError(
        `too many YAML alias expansions (more than ${MAX_YAML_ALIAS_COUNT}); the document looks like an alias bomb`,
        { file, line }
      );
    if (err instanceof RangeError)
      throw new UserError("the document is nested too deeply to read", {
        file,
        line
      });
    throw new UserError(`cannot read the document: ${message}`, { file, line });
  }
}
function checkObject(value, file, line, what) {
  if (!isPlainObject(value))
    throw new UserError(
      `${what} is ${describeType(value)}, not a Kubernetes object`,
      { file, line }
    );
  const missing = ["apiVersion", "kind"].filter(
    (key) => typeof value[key] !== "string" || value[key] === ""
  );
  if (missing.length > 0)
    throw new UserError(`${what} has no ${missing.join(" and no ")}`, {
      file,
      line
    });
  return value;
}
function listItemNodes(doc) {
  const contents = doc.contents;
  if (!(0, import_yaml.isMap)(contents)) return [];
  const items = contents.get("items", true);
  if (!(0, import_yaml.isSeq)(items)) return [];
  return items.items.map((item) => item);
}
function fieldLinesOf(node, starts) {
  const lines = {};
  const visit = (current, path, depth) => {
    if (depth > 64) return;
    if ((0, import_yaml.isMap)(current)) {
      for (const pair of current.items) {
        const key = (0, import_yaml.isScalar)(pair.key) ? String(pair.key.value) : void 0;
        if (key === void 0) continue;
        const childPath = path === "" ? key : `${path}.${key}`;
        const range = pair.key.range;
        if (range) lines[childPath] = lineAt(starts, range[0]);
        visit(pair.value, childPath, depth + 1);
      }
    } else if ((0, import_yaml.isSeq)(current)) {
      current.items.forEach((item, i) => {
        const childPath = `${path}[${i}]`;
        const range = item?.range;
        if (range) lines[childPath] = lineAt(starts, range[0]);
        visit(item, childPath, depth + 1);
      });
    }
  };
  visit(node, "", 0);
  return lines;
}
function entry(object, file, line, node, starts) {
  const result = { object, source: { file, line } };
  if (object.kind === "DaemonSet")
    result.fieldLines = fieldLinesOf(node, starts);
  return result;
}
function parseManifests(input, file, limits) {
  const text = input.charCodeAt(0) === 65279 ? input.slice(1) : input;
  if (text.length > MAX_MANIFEST_BYTES)
    throw new UserError(
      `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; split it or pass fewer objects`,
      { file }
    );
  checkInputBounds(text, file, limits);
  const json = jsonMode(text, file);
  const starts = lineStarts(text);
  let docs;
  try {
    const parsed = (0, import_yaml.parseAllDocuments)(
      text,
      json ? { version: "1.2", schema: "core" } : { version: "1.1", customTags: kubectlTags, logLevel: "error" }
    );
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UserError(`cannot parse the manifest: ${message}`, { file });
  }
  const objects = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== void 0) {
      const line2 = error.linePos?.[0].line ?? lineAt(starts, error.pos[0] ?? 0);
      const message = error.message.split("\n")[0] ?? error.message;
      if (/call stack/i.test(message))
        throw new UserError("the document is nested too deeply to read", {
          file,
          line: line2
        });
      throw new UserError(
        `${json ? "JSON" : "YAML"} syntax error: ${message.replace(/ at line \d+, column \d+:?$/, "")}`,
        { file, line: line2 }
      );
    }
    if (doc.contents === null) continue;
    const line = lineAt(starts, doc.contents.range[0]);
    const value = toPlain(doc, file, line);
    if (value === null || value === void 0) continue;
    const object = checkObject(value, file, line, "the document");
    if (object.kind === "List" && Array.isArray(object.items)) {
      const nodes = listItemNodes(doc);
      object.items.forEach((item, index) => {
        const node = nodes[index];
        const itemLine = node?.range ? lineAt(starts, node.range[0]) : line;
        if (item === null) return;
        const itemObject = checkObject(
          item,
          file,
          itemLine,
          `List item ${index}`
        );
        objects.push(entry(itemObject, file, itemLine, node, starts));
      });
    } else {
      objects.push(entry(object, file, line, doc.contents, starts));
    }
    if (objects.length > MAX_MANIFEST_OBJECTS)
      throw new UserError(
        `more than ${MAX_MANIFEST_OBJECTS} objects in one manifest`,
        { file, line }
      );
  }
  return objects;
}

export {
  parseManifests
};
