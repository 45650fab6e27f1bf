import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-MICTRCJ2.js";

// src/adapters/fs/write-atomic.ts
import { randomBytes } from "node:crypto";
import { chmod, lstat, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
async function checkTarget(path, display) {
  const info = await lstat(path).catch(() => void 0);
  if (info === void 0 || info.isFile()) return;
  const what = info.isSymbolicLink() ? "a symlink; give the path of the file itself" : info.isDirectory() ? "a directory; give a file path" : info.isFIFO() ? "a FIFO" : info.isCharacterDevice() || info.isBlockDevice() ? "a device" : "not a regular file";
  throw new UserError(
    `the output path is ${what}: ds-rollout writes only regular files`,
    { file: display }
  );
}
async function writeFileAtomic(path, text, display = path, mode) {
  await checkTarget(path, display);
  const temp = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`
  );
  try {
    await writeFile(temp, text, {
      encoding: "utf8",
      flag: "wx",
      ...mode === void 0 ? {} : { mode }
    });
    if (mode !== void 0) await chmod(temp, mode);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    const code = err.code ?? "write error";
    throw new UserError(
      `cannot write the output file (${code})` + (code === "ENOENT" ? ": its directory does not exist" : ""),
      { file: display }
    );
  }
}

export {
  writeFileAtomic
};
