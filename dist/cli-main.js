#!/usr/bin/env node
import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  redactText
} from "./chunk-M2D2NH6K.js";
import {
  TOOL_VERSION
} from "./chunk-UVZGKNRS.js";
import {
  UserError,
  errorMessage
} from "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";

// src/cli/commands/index.ts
var COMMANDS = [
  {
    name: "plan",
    summary: "diff DaemonSet manifests and show what the rollout will do",
    load: async () => (await import("./plan-VDUCPDPV.js")).planCommand
  },
  {
    name: "snapshot",
    summary: "record a node snapshot from a live cluster (read-only)",
    load: async () => (await import("./snapshot-IJ5ZSGTC.js")).snapshotCommand
  },
  {
    name: "apply",
    summary: "apply manifests, gate the DaemonSet rollout, undo automatically on failure",
    load: async () => (await import("./apply-AUMZABSW.js")).applyCommand
  },
  {
    name: "undo",
    summary: "roll a DaemonSet back like kubectl rollout undo, then verify it",
    load: async () => (await import("./undo-JA6SXXNW.js")).undoCommand
  },
  {
    name: "rehearse",
    summary: "Run a local rehearsal cluster (API simulator) from a node snapshot",
    load: async () => (await import("./rehearse-RIWDAKQI.js")).rehearseCommand
  },
  {
    name: "serve",
    summary: "run the rollout analysis service (HTTP API over a live cluster view)",
    load: async () => (await import("./serve-PH3NVMWJ.js")).serveCommand
  }
];

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
    io.stdout(`ds-rollout ${TOOL_VERSION}
`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === void 0) {
    io.stderr(`ds-rollout: unknown command '${name}'

${helpText()}`);
    return 2;
  }
  try {
    const loaded = await command.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(
        loaded.usage.endsWith("\n") ? loaded.usage : loaded.usage + "\n"
      );
      return 0;
    }
    return await loaded.run(rest, io);
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`ds-rollout ${name}: ${redactText(err.describe())}
`);
      return 2;
    }
    io.stderr(`ds-rollout ${name}: ${redactText(errorMessage(err))}
`);
    return 1;
  }
}

// src/cli.ts
var code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTerminal: process.stdout.isTTY === true,
  cwd: process.cwd(),
  env: process.env
});
process.exitCode = code;
