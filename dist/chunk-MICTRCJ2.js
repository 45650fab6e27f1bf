import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// src/util/errors.ts
var UserError = class extends Error {
  file;
  line;
  constructor(message, where) {
    super(message);
    this.name = "UserError";
    this.file = where?.file;
    this.line = where?.line;
  }
  /** "file:line: message", or as much of that as is known. */
  describe() {
    if (this.file === void 0) return this.message;
    const at = this.line === void 0 ? this.file : `${this.file}:${this.line}`;
    return `${at}: ${this.message}`;
  }
};
function errorMessage(err) {
  if (err instanceof UserError) return err.describe();
  if (err instanceof Error) return err.message;
  return String(err);
}

export {
  UserError,
  errorMessage
};
