import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  renderPlanBody,
  renderPlanSummaryLine
} from "./chunk-M43H3GKN.js";
import {
  code,
  renderNoBaseBanner,
  renderOverviewTable,
  renderVerdictLine
} from "./chunk-FXAEVUHL.js";
import {
  COMMENT_MARKER_PREFIX,
  DEFAULT_COMMENT_KEY,
  MAX_COMMENT_CHARS
} from "./chunk-UVZGKNRS.js";

// src/core/render/fit.ts
function utf16Length(text) {
  return text.length;
}
var encoder = new TextEncoder();
function utf8Bytes(text) {
  return encoder.encode(text).length;
}
var FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
function advance(state, line) {
  const fence = FENCE.exec(line);
  if (state.fence !== void 0) {
    if (fence !== null && fence[1].startsWith(state.fence.char) && fence[1].length >= state.fence.length && fence[2].trim() === "") {
      return { ...state, fence: void 0 };
    }
    return state;
  }
  if (fence !== null) {
    const marker = fence[1];
    if (!(marker.startsWith("`") && fence[2].includes("`"))) {
      return {
        ...state,
        fence: { char: marker.charAt(0), length: marker.length }
      };
    }
  }
  const opened = line.match(/<details(\s[^>]*)?>/gi)?.length ?? 0;
  const closed = line.match(/<\/details\s*>/gi)?.length ?? 0;
  return { ...state, details: Math.max(0, state.details + opened - closed) };
}
function closers(state) {
  let out = "";
  if (state.fence !== void 0) {
    out += "\n" + state.fence.char.repeat(state.fence.length);
  }
  for (let i = 0; i < state.details; i++) out += "\n\n</details>";
  return out;
}
function prefixByCodePoints(text, limit, measure) {
  let out = "";
  let used = 0;
  for (const point of text) {
    const size = measure(point);
    if (used + size > limit) break;
    out += point;
    used += size;
  }
  return out;
}
function fitMarkdown(text, options) {
  const { limit, measure, note } = options;
  if (measure(text) <= limit) {
    return { text, truncated: false, omittedLines: 0 };
  }
  const lines = text.split("\n");
  const noteBudget = measure("\n\n" + note(lines.length));
  let state = { fence: void 0, details: 0 };
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    const next = advance(state, line);
    const cost = (kept > 0 ? 1 : 0) + measure(line);
    if (used + cost + measure(closers(next)) + noteBudget > limit) break;
    used += cost;
    state = next;
    kept++;
  }
  if (kept === 0) {
    const first = prefixByCodePoints(
      lines[0] ?? "",
      Math.max(0, limit - noteBudget),
      measure
    );
    return {
      text: first + "\n\n" + note(lines.length - 1),
      truncated: true,
      omittedLines: lines.length - 1
    };
  }
  const omitted = lines.length - kept;
  const body = lines.slice(0, kept).join("\n") + closers(state);
  return {
    text: body + "\n\n" + note(omitted),
    truncated: true,
    omittedLines: omitted
  };
}

// src/core/render/comment.ts
var COMMENT_KEY_PATTERN = /^[A-Za-z0-9._/:-]{1,100}$/;
function commentMarker(key) {
  return `<!-- ${COMMENT_MARKER_PREFIX}:${key} -->`;
}
function isOurComment(body, key) {
  if (typeof body !== "string") return false;
  const marker = commentMarker(key);
  return body === marker || body.startsWith(marker + "\n") || body.startsWith(marker + "\r\n");
}
function title(key) {
  return key === DEFAULT_COMMENT_KEY ? "### ds-rollout plan" : `### ds-rollout plan \xB7 ${code(key)}`;
}
function footer(ctx) {
  const parts = [];
  if (ctx.headSha !== void 0)
    parts.push(`for ${code(ctx.headSha.slice(0, 12))}`);
  if (ctx.runUrl !== void 0)
    parts.push(`[workflow run and job summary](${ctx.runUrl})`);
  parts.push("updated in place on every run");
  return `<sub>ds-rollout plan ${parts.join(" \xB7 ")}</sub>`;
}
function cutNote(ctx, limit) {
  const where = ctx.runUrl === void 0 ? "the job summary of this workflow run" : `the [job summary](${ctx.runUrl})`;
  return (omitted) => `> [!NOTE]
> This plan was cut to fit GitHub's comment limit (${limit.toLocaleString("en-US")} characters); ${omitted} more line${omitted === 1 ? "" : "s"} are in ${where} and in the \`plan-json\` output.`;
}
function fitComment(body, ctx) {
  const limit = ctx.limit ?? MAX_COMMENT_CHARS;
  return fitMarkdown(body, {
    limit,
    measure: utf16Length,
    note: cutNote(ctx, limit)
  }).text;
}
function fullPlan(plan) {
  const body = renderPlanBody(plan).trim();
  if (body === "") return [];
  const open = plan.summary.errors > 0 || plan.summary.warnings > 0;
  return [
    "",
    open ? "<details open>" : "<details>",
    "<summary>Full plan</summary>",
    "",
    body,
    "",
    "</details>"
  ];
}
function renderComment(plan, ctx) {
  const sections = [
    commentMarker(ctx.key),
    title(ctx.key),
    "",
    renderVerdictLine(ctx.verdict),
    "",
    renderPlanSummaryLine(plan)
  ];
  const banner = renderNoBaseBanner(plan);
  if (banner !== "") sections.push("", banner);
  const table = renderOverviewTable(plan);
  if (table !== "") sections.push("", table);
  sections.push(...fullPlan(plan), "", footer(ctx));
  return fitComment(sections.join("\n"), ctx);
}
function renderNoChangesComment(ctx) {
  const at = ctx.headSha === void 0 ? "" : ` as of ${code(ctx.headSha.slice(0, 12))}`;
  return [
    commentMarker(ctx.key),
    title(ctx.key),
    "",
    `This pull request no longer changes any DaemonSet${at}: nothing will roll out. An earlier version of this comment showed a rollout plan that no longer applies.`
  ].join("\n");
}

export {
  utf8Bytes,
  fitMarkdown,
  COMMENT_KEY_PATTERN,
  commentMarker,
  isOurComment,
  fitComment,
  renderComment,
  renderNoChangesComment
};
