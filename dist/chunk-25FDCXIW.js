import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  checkSymlinkBoundary,
  readInputText
} from "./chunk-EPVRT7OT.js";
import {
  parseManifests
} from "./chunk-GNQ547S4.js";
import {
  require_dist
} from "./chunk-H3PSRQXT.js";
import {
  PLAN_SCHEMA_VERSION,
  READABLE_PLAN_SCHEMA_VERSIONS,
  RENDERED_LABEL
} from "./chunk-FXAEVUHL.js";
import {
  MAX_MANIFEST_BYTES
} from "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import {
  __toESM
} from "./chunk-T3LJ2J2J.js";

// src/adapters/fs/git.ts
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
var run = promisify(execFile);
async function git(args, cwd, maxBuffer = 64 * 1024 * 1024) {
  try {
    const { stdout } = await run("git", args, {
      cwd,
      maxBuffer,
      encoding: "buffer"
    });
    return stdout;
  } catch (err) {
    const e = err;
    if (e.code === "ENOENT")
      throw new UserError("git is not installed or not on PATH");
    const stderr = e.stderr?.toString("utf8").trim().split("\n").slice(-3).join(" ") ?? "";
    throw new UserError(
      `git ${args[0] ?? ""} failed: ${stderr || String(e.code)}`
    );
  }
}
async function locateRepo(cwd) {
  let out;
  try {
    out = (await git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd)).toString("utf8");
  } catch {
    throw new UserError(
      `--base-ref needs a git repository, and ${cwd} is not inside one`
    );
  }
  const [toplevel = "", prefix = ""] = out.split("\n");
  return { toplevel, prefix };
}
async function resolveCommit(ref, cwd) {
  if (ref === "" || ref.startsWith("-"))
    throw new UserError(`--base-ref ${JSON.stringify(ref)} is not a git ref`);
  try {
    return (await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd)).toString("utf8").trim();
  } catch {
    throw new UserError(
      `--base-ref ${ref}: no such commit, branch or tag in this repository (fetch it first, e.g. git fetch origin ${ref})`
    );
  }
}
async function listTree(commit, paths, toplevel) {
  const out = await git(
    ["ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", ...paths],
    toplevel
  );
  const entries = [];
  for (const record of out.toString("utf8").split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("	");
    const [, type, object, size] = record.slice(0, tab).split(/\s+/);
    if (type !== "blob" || object === void 0) continue;
    entries.push({ path: record.slice(tab + 1), object, size: Number(size) });
  }
  return entries;
}
async function readBlobs(objects, toplevel) {
  const result = /* @__PURE__ */ new Map();
  if (objects.length === 0) return result;
  const child = spawn("git", ["cat-file", "--batch"], {
    cwd: toplevel,
    stdio: ["pipe", "pipe", "pipe"]
  });
  const chunks = [];
  const errors = [];
  child.stdout.on("data", (c) => chunks.push(c));
  child.stderr.on("data", (c) => errors.push(c));
  const done = new Promise((resolve4, reject) => {
    child.on("error", reject);
    child.on("close", (code2) => resolve4(code2 ?? 1));
  });
  child.stdin.end(objects.join("\n") + "\n");
  const code = await done;
  if (code !== 0)
    throw new UserError(
      `git cat-file failed: ${Buffer.concat(errors).toString("utf8").trim()}`
    );
  const data = Buffer.concat(chunks);
  let offset = 0;
  while (offset < data.length) {
    const newline = data.indexOf(10, offset);
    if (newline === -1) break;
    const [object = "", type = "", size = "0"] = data.subarray(offset, newline).toString("utf8").split(" ");
    if (type === "missing") {
      offset = newline + 1;
      continue;
    }
    const length = Number(size);
    result.set(object, data.subarray(newline + 1, newline + 1 + length));
    offset = newline + 1 + length + 1;
  }
  return result;
}
async function extractCommit(commit, toplevel, dir) {
  const archive = spawn("git", ["archive", "--format=tar", commit], {
    cwd: toplevel,
    stdio: ["ignore", "pipe", "pipe"]
  });
  const tar = spawn("tar", ["-x", "-f", "-", "-C", dir], {
    stdio: ["pipe", "ignore", "pipe"]
  });
  archive.stdout.pipe(tar.stdin);
  let stderr = "";
  archive.stderr.on("data", (c) => stderr += c.toString("utf8"));
  tar.stderr.on("data", (c) => stderr += c.toString("utf8"));
  const exit = (child) => new Promise((resolve4) => {
    child.on("error", () => resolve4(127));
    child.on("close", (code) => resolve4(code ?? 1));
  });
  const [archiveCode, tarCode] = await Promise.all([exit(archive), exit(tar)]);
  if (archiveCode !== 0 || tarCode !== 0)
    throw new UserError(
      `cannot check out ${commit} for --render: ${stderr.trim() || `git archive exit ${archiveCode}, tar exit ${tarCode}`}`
    );
}

// src/adapters/fs/load-manifest-sets.ts
import { mkdtemp, rm, stat as stat3 } from "node:fs/promises";
import { tmpdir } from "node:os";
import {
  isAbsolute as isAbsolute2,
  join as join3,
  matchesGlob,
  posix,
  relative as relative2,
  resolve as resolve3
} from "node:path";

// src/adapters/fs/expand-paths.ts
import { glob, readdir, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
var MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];
function hasManifestExtension(name) {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
function isSkippedDirectory(name) {
  return name.startsWith(".") || name === "node_modules";
}
function isGlob(path) {
  return /[*?[\]{}]/.test(path);
}
function byCodePoint(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
async function walk(dir, display2, cwd, visited) {
  const real = await realpath(dir);
  if (visited.has(real)) return [];
  visited.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  const out = [];
  for (const entry of entries) {
    const absolute = join(dir, entry.name);
    const shown2 = join(display2, entry.name);
    let isDirectory2 = entry.isDirectory();
    let isFile2 = entry.isFile();
    if (entry.isSymbolicLink()) {
      if (isSkippedDirectory(entry.name)) continue;
      if (!entry.isDirectory() && !hasManifestExtension(entry.name)) {
        const target2 = await stat(absolute).catch(() => void 0);
        if (target2 === void 0 || !target2.isDirectory()) continue;
      }
      await checkSymlinkBoundary(absolute, cwd, shown2);
      const target = await stat(absolute);
      isDirectory2 = target.isDirectory();
      isFile2 = !isDirectory2;
    }
    if (isDirectory2) {
      if (!isSkippedDirectory(entry.name))
        out.push(...await walk(absolute, shown2, cwd, visited));
    } else if (isFile2 && hasManifestExtension(entry.name)) {
      out.push({ display: shown2, absolute });
    }
  }
  return out;
}
async function expandOne(path, cwd) {
  const absolute = resolve(cwd, path);
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new UserError("no such file or directory", { file: path });
  }
  await checkSymlinkBoundary(absolute, cwd, path);
  if (info.isDirectory()) return walk(absolute, path, cwd, /* @__PURE__ */ new Set());
  return [{ display: path, absolute }];
}
async function expandPaths(paths, cwd) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const path of paths) {
    let files;
    if (isGlob(path)) {
      const matches = [];
      for await (const match of glob(path, { cwd })) matches.push(match);
      matches.sort(byCodePoint);
      if (matches.length === 0)
        throw new UserError("the pattern matches no files", { file: path });
      files = [];
      for (const match of matches) {
        const expanded = await expandOne(match, cwd);
        files.push(
          ...expanded.filter(
            (f) => f.display !== match || hasManifestExtension(match)
          )
        );
      }
    } else {
      files = await expandOne(path, cwd);
    }
    for (const file of files) {
      if (seen.has(file.absolute)) continue;
      seen.add(file.absolute);
      out.push(file);
    }
  }
  return out;
}

// src/adapters/fs/read-manifests.ts
function tooLarge(file) {
  return new UserError(
    `the file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; ds-rollout reads manifests up to that size`,
    { file }
  );
}
async function readManifestFiles(files, limits) {
  const out = [];
  for (const file of files) {
    const text = await readInputText(
      file.absolute,
      file.display,
      MAX_MANIFEST_BYTES,
      () => tooLarge(file.display)
    );
    out.push(...parseManifests(text, file.display, limits));
  }
  return out;
}
async function loadManifestPaths(paths, cwd, limits) {
  return readManifestFiles(await expandPaths(paths, cwd), limits);
}

// src/adapters/fs/render.ts
import { spawn as spawn2 } from "node:child_process";

// src/adapters/fs/render-env.ts
var KEPT = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TERM",
  "TMPDIR",
  "TMP",
  "TEMP",
  "CI",
  "GITHUB_ACTIONS",
  "GITHUB_WORKSPACE",
  "GITHUB_REPOSITORY",
  "GITHUB_SHA",
  "GITHUB_REF",
  "RUNNER_OS",
  "RUNNER_ARCH",
  "RUNNER_TEMP",
  "RUNNER_TOOL_CACHE"
];
var KEPT_PREFIXES = ["LC_", "XDG_"];
var NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function renderEnvironment(source, pass = []) {
  const env = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === void 0) continue;
    if (KEPT.includes(name) || KEPT_PREFIXES.some((p) => name.startsWith(p)))
      env[name] = value;
  }
  for (const entry of pass) {
    const eq = entry.indexOf("=");
    const name = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    if (!NAME.test(name))
      throw new UserError(
        `render-env: ${JSON.stringify(name)} is not a variable name; give NAME or NAME=value, one per line or comma-separated`
      );
    if (eq >= 0) env[name] = entry.slice(eq + 1);
    else {
      const value = source[name];
      if (value === void 0)
        throw new UserError(
          `render-env names ${name}, which is not set: set it in the step's env (for example from a secret)`
        );
      env[name] = value;
    }
  }
  return env;
}

// src/adapters/fs/render.ts
var STDERR_TAIL_CHARS = 2e3;
var RENDER_TIMEOUT_MS = 10 * 60 * 1e3;
async function runRenderCommand(command, cwd, label, env = renderEnvironment(process.env), timeoutMs = RENDER_TIMEOUT_MS) {
  const child = spawn2("/bin/sh", ["-c", command], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"]
  });
  const chunks = [];
  let size = 0;
  let stderr = "";
  let overflow = false;
  let timedOut = false;
  child.stdout.on("data", (c) => {
    size += c.length;
    if (size > MAX_MANIFEST_BYTES) {
      overflow = true;
      child.kill("SIGKILL");
      return;
    }
    chunks.push(c);
  });
  child.stderr.on("data", (c) => {
    stderr = (stderr + c.toString("utf8")).slice(-STDERR_TAIL_CHARS * 2);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const result = await new Promise((resolve4) => {
    child.on("error", (error) => resolve4({ code: null, signal: null, error }));
    child.on("close", (code, signal) => resolve4({ code, signal }));
  }).finally(() => clearTimeout(timer));
  if (overflow)
    throw new UserError(
      `the render command printed more than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`,
      { file: label }
    );
  if (timedOut)
    throw new UserError(
      `the render command did not finish within ${Math.round(timeoutMs / 1e3)} s`,
      { file: label }
    );
  if (result.error !== void 0)
    throw new UserError(
      `cannot run the render command: ${result.error.message}`,
      { file: label }
    );
  if (result.code !== 0) {
    const tail = stderr.trim().slice(-STDERR_TAIL_CHARS).replace(/\s*\n\s*/g, " | ");
    const how = result.code === null ? `was killed by ${result.signal ?? "a signal"}` : `exited with code ${result.code}`;
    throw new UserError(
      `the render command ${how}${tail ? `: ${tail}` : " (no stderr)"}`,
      { file: label }
    );
  }
  return Buffer.concat(chunks).toString("utf8");
}

// src/adapters/fs/render-origins.ts
import { readFile, stat as stat2 } from "node:fs/promises";
import { dirname, isAbsolute, join as join2, relative, resolve as resolve2, sep } from "node:path";

// src/core/manifests/render-origin.ts
var import_yaml = __toESM(require_dist(), 1);
var KUSTOMIZE_ORIGIN_ANNOTATION = "config.kubernetes.io/origin";
var KUSTOMIZE_TRANSFORMATIONS_ANNOTATION = "alpha.config.kubernetes.io/transformations";
function kustomizeOriginPath(object) {
  const annotations = object?.metadata?.annotations;
  const text = annotations?.[KUSTOMIZE_ORIGIN_ANNOTATION];
  if (typeof text !== "string") return void 0;
  let origin;
  try {
    origin = (0, import_yaml.parse)(text);
  } catch {
    return void 0;
  }
  if (typeof origin !== "object" || origin === null) return void 0;
  const o = origin;
  if (typeof o["repo"] === "string") return void 0;
  return typeof o["path"] === "string" && o["path"] !== "" ? o["path"] : void 0;
}
function helmSourceAt(lines, line) {
  let content = Math.max(1, line);
  while (content <= lines.length && /^(---.*|#.*|\s*)$/.test(lines[content - 1] ?? ""))
    content += 1;
  for (let l = content - 1; l >= 1; l -= 1) {
    const text = lines[l - 1] ?? "";
    const m = /^# Source: (.+?)\s*$/.exec(text);
    if (m !== null) return m[1];
    if (/^---/.test(text) || !/^(#.*|\s*)$/.test(text)) return void 0;
  }
  return void 0;
}
function withoutBuildMetadata(entry) {
  const annotations = entry.object.metadata?.annotations;
  if (annotations === void 0 || !(KUSTOMIZE_ORIGIN_ANNOTATION in annotations) && !(KUSTOMIZE_TRANSFORMATIONS_ANNOTATION in annotations))
    return entry;
  const rest = { ...annotations };
  delete rest[KUSTOMIZE_ORIGIN_ANNOTATION];
  delete rest[KUSTOMIZE_TRANSFORMATIONS_ANNOTATION];
  const metadata = { ...entry.object.metadata };
  if (Object.keys(rest).length === 0) delete metadata.annotations;
  else metadata.annotations = rest;
  return { ...entry, object: { ...entry.object, metadata } };
}
var VALUE_FLAGS = /* @__PURE__ */ new Set([
  "-f",
  "--values",
  "--set",
  "--set-string",
  "--set-file",
  "--set-json",
  "-n",
  "--namespace",
  "--version",
  "--repo",
  "-o",
  "--output",
  "--output-dir",
  "--kube-version",
  "--api-versions",
  "-a",
  "--name-template",
  "--post-renderer",
  "--show-only",
  "-s",
  "--load-restrictor",
  "--helm-command",
  "--mount",
  "--env",
  "-e"
]);
function renderEntryFromCommand(command) {
  const words = command.trim().split(/\s+/);
  const positional = (from) => {
    const out = [];
    for (let i = from; i < words.length; i += 1) {
      const w = words[i];
      if (/^[|;&]/.test(w)) break;
      if (w.startsWith("-")) {
        if (!w.includes("=") && VALUE_FLAGS.has(w)) i += 1;
        continue;
      }
      out.push(w.replace(/^['"]|['"]$/g, ""));
    }
    return out;
  };
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i].replace(/^.*\//, "");
    if (w === "kustomize" && words[i + 1] === "build" || w === "kubectl" && words[i + 1] === "kustomize")
      return positional(i + 2)[0] ?? ".";
    if (w === "helm" && words[i + 1] === "template") {
      const args = positional(i + 2);
      return args.length >= 2 ? args[1] : args[0];
    }
  }
  return void 0;
}

// src/adapters/fs/render-origins.ts
var ENTRY_FILES = [
  "kustomization.yaml",
  "kustomization.yml",
  "Kustomization",
  "Chart.yaml"
];
async function isFile(path) {
  const info = await stat2(path).catch(() => void 0);
  return info !== void 0 && info.isFile() && info.size <= MAX_MANIFEST_BYTES;
}
async function isDirectory(path) {
  const info = await stat2(path).catch(() => void 0);
  return info !== void 0 && info.isDirectory();
}
function display(cwd, path) {
  const rel = relative(cwd, path);
  return (rel === "" || isAbsolute(rel) ? path : rel).split(sep).join("/");
}
async function renderEntry(entry) {
  if (entry === void 0) return void 0;
  if (await isDirectory(entry)) {
    for (const name of ENTRY_FILES)
      if (await isFile(join2(entry, name)))
        return { dir: entry, file: join2(entry, name) };
    return { dir: entry, file: void 0 };
  }
  if (await isFile(entry)) return { dir: dirname(entry), file: entry };
  return void 0;
}
function lineOfKind(text, kind) {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex(
    (l) => new RegExp(`^\\s*kind:\\s*['"]?${kind}['"]?\\s*(#.*)?$`).test(l)
  );
  return i < 0 ? 1 : i + 1;
}
async function mapRenderedSources(objects, renderedText, ctx) {
  const entry = await renderEntry(ctx.entry);
  const lines = renderedText.split(/\r?\n/);
  const texts = /* @__PURE__ */ new Map();
  const read = async (path) => {
    if (!texts.has(path))
      texts.set(
        path,
        await isFile(path) ? await readFile(path, "utf8").catch(() => void 0) : void 0
      );
    return texts.get(path);
  };
  const out = [];
  for (const original of objects) {
    const kustomizePath = kustomizeOriginPath(original.object);
    const entryObject = withoutBuildMetadata(original);
    const kind = entryObject.object.kind ?? "";
    const name = entryObject.object.metadata?.name ?? "";
    let mapped;
    if (kustomizePath !== void 0 && entry !== void 0) {
      const path = resolve2(entry.dir, kustomizePath);
      const text = await read(path);
      if (text !== void 0) {
        const file = display(ctx.cwd, path);
        let docs = [];
        try {
          docs = parseManifests(text, file);
        } catch {
          docs = [];
        }
        const sameKind = docs.filter((d) => d.object.kind === kind);
        const match = sameKind.find((d) => d.object.metadata?.name === name) ?? sameKind.find((d) => {
          const n = d.object.metadata?.name;
          return typeof n === "string" && n !== "" && name.includes(n);
        }) ?? (sameKind.length === 1 ? sameKind[0] : void 0);
        mapped = {
          object: entryObject.object,
          source: match?.source ?? { file, line: 1 }
        };
        if (match?.fieldLines !== void 0)
          mapped.fieldLines = match.fieldLines;
      }
    }
    if (mapped === void 0 && entry !== void 0) {
      const source = helmSourceAt(lines, original.source.line);
      if (source !== void 0) {
        const path = resolve2(entry.dir, source.split("/").slice(1).join("/"));
        const text = await read(path);
        if (text !== void 0)
          mapped = {
            object: entryObject.object,
            source: {
              file: display(ctx.cwd, path),
              line: lineOfKind(text, kind)
            }
          };
      }
    }
    if (mapped === void 0 && entry?.file !== void 0)
      mapped = {
        object: entryObject.object,
        source: { file: display(ctx.cwd, entry.file), line: 1 }
      };
    out.push(mapped ?? entryObject);
  }
  return out;
}

// src/adapters/fs/load-manifest-sets.ts
function comparePaths(a, b) {
  const sa = a.split("/");
  const sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] ?? "";
    const y = sb[i] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}
function repoRelative(path, repo, cwd) {
  const rel = isAbsolute2(path) ? relative2(repo.toplevel, path).split("\\").join("/") : posix.normalize(repo.prefix + path.split("\\").join("/"));
  const cleaned = rel.replace(/\/+$/, "");
  if (cleaned === ".." || cleaned.startsWith("../"))
    throw new UserError(`the path is outside the git repository of ${cwd}`, {
      file: path
    });
  return cleaned === "" ? "." : cleaned;
}
function underSkippedDirectory(path, root) {
  const rest = root === "." ? path : path.slice(root.length + 1);
  return rest.split("/").slice(0, -1).some(isSkippedDirectory);
}
async function filesAtRef(paths, ref, commit, repo, cwd) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  let everything;
  for (const path of paths) {
    let found;
    if (isGlob(path)) {
      everything ??= await listTree(commit, [], repo.toplevel);
      found = everything.filter(
        (e) => e.path.startsWith(repo.prefix) && hasManifestExtension(e.path)
      ).filter((e) => {
        const segments = e.path.slice(repo.prefix.length).split("/");
        return segments.some(
          (_, i) => matchesGlob(segments.slice(0, i + 1).join("/"), path)
        );
      }).map((e) => ({
        display: `${ref}:${e.path.slice(repo.prefix.length)}`,
        entry: e
      }));
    } else {
      const rel = repoRelative(path, repo, cwd);
      const entries = await listTree(
        commit,
        rel === "." ? [] : [rel],
        repo.toplevel
      );
      const exact = entries.find((e) => e.path === rel);
      if (exact !== void 0)
        found = [{ display: `${ref}:${path}`, entry: exact }];
      else
        found = entries.filter(
          (e) => (rel === "." || e.path.startsWith(`${rel}/`)) && hasManifestExtension(e.path)
        ).filter((e) => !underSkippedDirectory(e.path, rel)).map((e) => ({
          display: `${ref}:${join3(path, rel === "." ? e.path : e.path.slice(rel.length + 1))}`,
          entry: e
        }));
    }
    found.sort((a, b) => comparePaths(a.entry.path, b.entry.path));
    for (const file of found) {
      if (seen.has(file.entry.path)) continue;
      seen.add(file.entry.path);
      out.push(file);
    }
  }
  return out;
}
async function loadAtRef(paths, ref, cwd, limits) {
  const repo = await locateRepo(cwd);
  const commit = await resolveCommit(ref, cwd);
  const files = await filesAtRef(paths, ref, commit, repo, cwd);
  for (const file of files)
    if (file.entry.size > MAX_MANIFEST_BYTES) throw tooLarge(file.display);
  const blobs = await readBlobs(
    files.map((f) => f.entry.object),
    repo.toplevel
  );
  return files.flatMap(
    (file) => parseManifests(
      (blobs.get(file.entry.object) ?? Buffer.alloc(0)).toString("utf8"),
      file.display,
      limits
    )
  );
}
async function directoryFor(path, cwd, what) {
  const dir = resolve3(cwd, path);
  const info = await stat3(dir).catch(() => void 0);
  if (info === void 0 || !info.isDirectory())
    throw new UserError(`${what} must be a directory (${dir} is not one)`, {
      file: path
    });
  return dir;
}
async function rootOf(cwd) {
  try {
    const top = (await locateRepo(cwd)).toplevel;
    return top === "" ? { dir: cwd, git: false } : { dir: top, git: true };
  } catch {
    return { dir: cwd, git: false };
  }
}
function shown(dir, cwd) {
  const rel = relative2(cwd, dir);
  return rel === "" ? "." : isAbsolute2(rel) ? dir : rel;
}
async function renderIn(command, dir, label, env, where) {
  try {
    return await runRenderCommand(command, dir, label, env);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError(
      `${err.message} (it ran in ${where}; render commands run from the repository root unless --render-directory, or the Action's render-directory, names another directory)`,
      {
        ...err.file === void 0 ? {} : { file: err.file },
        ...err.line === void 0 ? {} : { line: err.line }
      }
    );
  }
}
async function renderAtRef(command, ref, headDir, env) {
  const label = `${RENDERED_LABEL} at ${ref}`;
  const repo = await locateRepo(headDir);
  const commit = await resolveCommit(ref, headDir);
  const dir = await mkdtemp(join3(tmpdir(), "ds-rollout-base-"));
  try {
    await extractCommit(commit, repo.toplevel, dir);
    const where = join3(dir, repo.prefix);
    const info = await stat3(where).catch(() => void 0);
    if (info === void 0)
      throw new UserError(
        `the directory ${repo.prefix || "."} does not exist at ${ref}`,
        { file: label }
      );
    return await renderIn(
      command,
      where,
      label,
      env,
      `${repo.prefix.replace(/\/$/, "") || "."} of a clean checkout of ${ref}`
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
async function loadManifestSets(options) {
  const { cwd, render, baseRef, limits } = options;
  const basePaths = options.base !== void 0 && options.base.length > 0 ? options.base : void 0;
  if (basePaths !== void 0 && baseRef !== void 0)
    throw new UserError(
      "--base and --base-ref cannot be used together: pick one way to name the base"
    );
  if (render !== void 0) {
    if (render.trim() === "") throw new UserError("--render needs a command");
    const env = renderEnvironment(process.env, options.renderEnv);
    const repository = await rootOf(cwd);
    const root = repository.dir;
    const runDir = options.renderDirectory === void 0 ? root : await directoryFor(options.renderDirectory, cwd, "--render-directory");
    if (options.head.length > 1)
      throw new UserError(
        "with --render, --head names at most one path: the entry the command builds (its kustomization directory, chart or file), for mapping findings back to it"
      );
    const named = options.head[0];
    if (named !== void 0 && await stat3(resolve3(cwd, named)).catch(() => void 0) === void 0)
      throw new UserError(
        "with --render, --head names the entry the command builds (a kustomization directory, chart or file), and this path does not exist",
        { file: named }
      );
    const guessed = named === void 0 ? renderEntryFromCommand(render) : void 0;
    const entry = named !== void 0 ? resolve3(cwd, named) : guessed === void 0 ? void 0 : resolve3(runDir, guessed);
    const label = RENDERED_LABEL;
    const headText = await renderIn(
      render,
      runDir,
      label,
      env,
      runDir !== root ? shown(runDir, cwd) : repository.git ? `the repository root, ${runDir}` : `the current directory, ${runDir} (not in a git repository)`
    );
    const head2 = await mapRenderedSources(
      parseManifests(headText, label, limits),
      headText,
      { cwd, entry }
    );
    let base2 = [];
    if (baseRef !== void 0) {
      base2 = parseManifests(
        await renderAtRef(render, baseRef, runDir, env),
        `${label} at ${baseRef}`,
        limits
      ).map(withoutBuildMetadata);
    } else if (basePaths !== void 0) {
      if (basePaths.length > 1)
        throw new UserError(
          "with --render, --base names one directory: the root of the base checkout, where the command runs at the same place as in the head"
        );
      const baseRoot = await directoryFor(
        basePaths[0],
        cwd,
        "with --render, --base"
      );
      const where = join3(baseRoot, relative2(root, runDir));
      base2 = parseManifests(
        await renderIn(
          render,
          where,
          `${label} (base)`,
          env,
          shown(where, cwd)
        ),
        `${label} (base)`,
        limits
      ).map(withoutBuildMetadata);
    }
    return { base: base2, head: head2 };
  }
  if (options.head.length === 0)
    throw new UserError(
      "--head is required: the files or directories of the new manifests"
    );
  const head = await loadManifestPaths(options.head, cwd, limits);
  let base = [];
  if (baseRef !== void 0)
    base = await loadAtRef(options.head, baseRef, cwd, limits);
  else if (basePaths !== void 0)
    base = await loadManifestPaths(basePaths, cwd, limits);
  return { base, head };
}

// src/core/plan/serialize.ts
function serializePlan(plan, options = {}) {
  return `${options.pretty === true ? JSON.stringify(plan, null, 2) : JSON.stringify(plan)}
`;
}
function checkPlanVersion(value, file) {
  const version = typeof value === "object" && value !== null ? value.schemaVersion : void 0;
  if (typeof version === "number" && READABLE_PLAN_SCHEMA_VERSIONS.includes(version))
    return value;
  const said = version === void 0 ? "has no schemaVersion" : `has schemaVersion ${JSON.stringify(version)}`;
  throw new UserError(
    `the plan file ${said}; this ds-rollout writes schemaVersion ${PLAN_SCHEMA_VERSION} and reads schemaVersion ${READABLE_PLAN_SCHEMA_VERSIONS.join(" and ")}: re-run ds-rollout plan --format json with this version`,
    { file }
  );
}

export {
  expandPaths,
  tooLarge,
  locateRepo,
  resolveCommit,
  loadManifestSets,
  serializePlan,
  checkPlanVersion
};
