import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// src/start/required-node.ts
var REQUIRED_NODE_MAJOR = 24;
function nodeVersionProblem(version, surface) {
  const major = parseInt(String(version).split(".")[0] || "", 10);
  if (major >= REQUIRED_NODE_MAJOR) return void 0;
  const found = "Node.js " + String(version);
  const needed = "Node.js " + REQUIRED_NODE_MAJOR + " or newer";
  if (surface === "action")
    return "ds-rollout needs " + needed + " but runs on " + found + ". action.yml declares `runs: using: node24`: use a runner that supports node24 (GitHub-hosted runners do; update a self-hosted runner); to run dist/index.js from a script step, set up Node 24 first with actions/setup-node (node-version: 24).";
  return "ds-rollout needs " + needed + " but was started with " + found + ". In a clone of the repository, `npm ci` installs Node 24 into node_modules/.bin: run `npx ds-rollout ...` there (or `export PATH=$PWD/node_modules/.bin:$PATH` first); otherwise install Node 24 from https://nodejs.org.";
}

export {
  nodeVersionProblem
};
