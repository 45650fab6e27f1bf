import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-MICTRCJ2.js";

// src/adapters/fs/input-files.ts
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
async function checkSymlinkBoundary(absolute, cwd, shown) {
  const root = resolve(cwd);
  if (!isWithin(absolute, root)) return;
  let real;
  let realRoot;
  try {
    ;
    [real, realRoot] = await Promise.all([realpath(absolute), realpath(root)]);
  } catch {
    throw new UserError("no such file or directory (or a broken symlink)", {
      file: shown
    });
  }
  if (!isWithin(real, realRoot))
    throw new UserError(
      `is a symlink leading outside the working directory (to ${real}); ds-rollout follows symlinks only when they stay inside it`,
      { file: shown }
    );
}
function isWithin(path, root) {
  const rel = relative(root, path);
  return rel === "" || !rel.startsWith("..") && !isAbsolute(rel);
}
var PIPE_IDLE_MS = 3e4;
async function readInputText(absolute, shown, maxBytes, tooLarge, idleMs = PIPE_IDLE_MS) {
  let handle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = err.code ?? "open error";
    throw new UserError(
      code === "ENOENT" ? "no such file or directory" : `cannot read the file (${code})`,
      { file: shown }
    );
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw new UserError("is a directory, not a file", { file: shown });
    if (info.isSocket())
      throw new UserError("is a socket, not a file", { file: shown });
    if (info.isFile() && info.size > maxBytes) throw tooLarge();
    const chunks = [];
    let total = 0;
    let idleSince = Date.now();
    const buf = Buffer.alloc(64 * 1024);
    for (; ; ) {
      let bytesRead;
      try {
        ;
        ({ bytesRead } = await handle.read(buf, 0, buf.length, null));
      } catch (err) {
        const code = err.code;
        if (code === "EAGAIN" || code === "EWOULDBLOCK") {
          if (Date.now() - idleSince > idleMs)
            throw new UserError(
              `nothing could be read for ${Math.round(idleMs / 1e3)} s (a pipe or FIFO nobody writes to?)`,
              { file: shown }
            );
          await sleep(20);
          continue;
        }
        throw new UserError(`cannot read the file (${code ?? "read error"})`, {
          file: shown
        });
      }
      if (bytesRead === 0) break;
      idleSince = Date.now();
      total += bytesRead;
      if (total > maxBytes) throw tooLarge();
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
    }
    if (total === 0 && !info.isFile())
      throw new UserError(
        "nothing could be read from it (a FIFO or pipe with no writer, or a command that printed nothing)",
        { file: shown }
      );
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await handle.close();
  }
}

export {
  checkSymlinkBoundary,
  readInputText
};
