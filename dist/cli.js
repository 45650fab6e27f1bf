#!/usr/bin/env node
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

// src/cli/commands/index.ts
var COMMANDS = [];

// src/cli/main.ts
function helpText() {
  const lines = [
    "Usage: ds-rollout <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    "",
    "Run `ds-rollout <command> --help` for the options of one command."
  ];
  return lines.join("\n") + "\n";
}
async function runCli(argv, io) {
  const [name, ...rest] = argv;
  if (name === void 0 || name === "--help" || name === "-h") {
    io.stdout(helpText());
    return name === void 0 ? 2 : 0;
  }
  if (name === "--version") {
    io.stdout("ds-rollout 0.1.0\n");
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === void 0) {
    io.stderr(`ds-rollout: unknown command '${name}'

${helpText()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage.endsWith("\n") ? command.usage : command.usage + "\n");
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`ds-rollout ${name}: ${err.describe()}
`);
      return 2;
    }
    io.stderr(`ds-rollout ${name}: ${errorMessage(err)}
`);
    return 1;
  }
}

// src/cli.ts
var code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env
});
process.exitCode = code;
