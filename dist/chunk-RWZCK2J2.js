import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  isOurComment
} from "./chunk-Y3H3YNDC.js";
import {
  info
} from "./chunk-VY42FCZX.js";

// src/action/comment-target.ts
function decideCommentTarget(setting, ctx) {
  if (setting === "never") {
    return { kind: "none", reason: "the `comment` input is false." };
  }
  const pr = ctx.pullRequest;
  if (pr !== void 0) {
    if (pr.fork && ctx.eventName === "pull_request" && setting === "auto") {
      return {
        kind: "none",
        reason: `this pull request comes from a fork (${pr.headRepo ?? "a deleted repository"}), and GitHub gives \`pull_request\` runs from forks a read-only token. The plan is below; docs/action.md shows how to comment on fork pull requests safely.`
      };
    }
    return {
      kind: "post",
      target: {
        kind: "issue",
        owner: ctx.owner,
        repo: ctx.repo,
        number: pr.number
      },
      permission: "pull-requests: write"
    };
  }
  if (setting === "always" && ctx.sha !== "") {
    return {
      kind: "post",
      target: {
        kind: "commit",
        owner: ctx.owner,
        repo: ctx.repo,
        sha: ctx.sha
      },
      permission: "contents: write"
    };
  }
  return {
    kind: "none",
    reason: `the \`${ctx.eventName || "unknown"}\` event has no pull request (set \`comment: true\` for a commit comment).`
  };
}

// src/adapters/github/permissions.ts
var NOT_ACCESSIBLE_BY_INTEGRATION = "Resource not accessible by integration";
function status(err) {
  if (typeof err !== "object" || err === null) return void 0;
  const value = err.status;
  return typeof value === "number" ? value : void 0;
}
function message(err) {
  return err instanceof Error ? err.message : String(err);
}
function permissionDenial(err, needed) {
  const code = status(err);
  const text = message(err);
  if (code === 403 && /rate limit/i.test(text)) return void 0;
  if (code === 403) {
    const why = text.includes(NOT_ACCESSIBLE_BY_INTEGRATION) ? `GitHub answered 403 "${NOT_ACCESSIBLE_BY_INTEGRATION}"` : "GitHub answered 403";
    return `the token may not write comments here (${why}); give the job \`permissions: ${needed}\`, or see docs/action.md for forks`;
  }
  if (code === 404) {
    return `GitHub answered 404: the token cannot see this repository's comments; give the job \`permissions: ${needed}\``;
  }
  return void 0;
}

// src/adapters/github/sticky-comment.ts
var identities = /* @__PURE__ */ new WeakMap();
function tokenIdentity(octokit) {
  let found = identities.get(octokit);
  if (found === void 0) {
    found = lookUpIdentity(octokit);
    identities.set(octokit, found);
  }
  return found;
}
async function lookUpIdentity(octokit) {
  try {
    const answer = await octokit.graphql("query { viewer { login databaseId } }");
    const login = answer.viewer?.login;
    const id = answer.viewer?.databaseId;
    if (typeof login === "string" && login !== "")
      return typeof id === "number" ? { login, id } : { login };
  } catch {
  }
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return { login: data.login, id: data.id };
  } catch {
    return void 0;
  }
}
function isAuthor(user, identity) {
  if (user === null || user.login !== identity.login) return false;
  return identity.id === void 0 || user.id === void 0 || user.id === identity.id;
}
async function findStickyComment(octokit, target, key, identity) {
  const me = identity ?? await tokenIdentity(octokit);
  if (me === void 0) return void 0;
  const comments = target.kind === "issue" ? await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    per_page: 100
  }) : await octokit.paginate(octokit.rest.repos.listCommentsForCommit, {
    owner: target.owner,
    repo: target.repo,
    commit_sha: target.sha,
    per_page: 100
  });
  const ours = comments.find(
    (c) => isAuthor(c.user, me) && isOurComment(c.body, key)
  );
  if (ours === void 0) return void 0;
  return { id: ours.id, body: ours.body ?? "", url: ours.html_url };
}
async function upsertStickyComment(octokit, target, key, body, options) {
  const identity = options.identity ?? await tokenIdentity(octokit);
  const existing = identity === void 0 ? void 0 : await findStickyComment(octokit, target, key, identity);
  let note = identity === void 0 ? "the token's identity could not be looked up (GraphQL viewer, GET /user), so no earlier comment is taken as ours" : void 0;
  if (existing !== void 0) {
    if (existing.body === body) {
      return { action: "unchanged", id: existing.id, url: existing.url };
    }
    try {
      const { data: data2 } = target.kind === "issue" ? await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body
      }) : await octokit.rest.repos.updateCommitComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body
      });
      return { action: "updated", id: data2.id, url: data2.html_url };
    } catch (err) {
      note = `updating our comment ${existing.id} failed (${describeFailure(err)}), so a new one was posted`;
    }
  } else if (!options.createIfMissing) return { action: "absent" };
  const { data } = target.kind === "issue" ? await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    body
  }) : await octokit.rest.repos.createCommitComment({
    owner: target.owner,
    repo: target.repo,
    commit_sha: target.sha,
    body
  });
  return note === void 0 ? { action: "created", id: data.id, url: data.html_url } : { action: "created", id: data.id, url: data.html_url, note };
}
function describeFailure(err) {
  const status2 = err.status;
  const message2 = err instanceof Error ? err.message : String(err);
  return typeof status2 === "number" ? `HTTP ${status2}: ${message2}` : message2;
}

// src/action/step-summary.ts
import { appendFile } from "node:fs/promises";
async function writeSummary(file, markdown) {
  if (file === void 0 || file === "") {
    info("GITHUB_STEP_SUMMARY is not set: no job summary written");
    return;
  }
  await appendFile(file, markdown);
}

export {
  decideCommentTarget,
  permissionDenial,
  upsertStickyComment,
  writeSummary
};
