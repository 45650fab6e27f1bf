import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// src/core/verdict/decide-verdict.ts
var FAIL_ON_VALUES = ["never", "error", "warning"];
function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
function decideVerdict(plan, failOn) {
  const { errors, warnings } = plan.summary;
  if (failOn === "never") {
    return {
      outcome: "pass",
      reason: `fail-on is never (${plural(errors, "error")}, ${plural(warnings, "warning")} ignored)`
    };
  }
  if (errors > 0) {
    return {
      outcome: "fail",
      reason: `${plural(errors, "error")} in the plan (fail-on: ${failOn})`
    };
  }
  if (failOn === "warning" && warnings > 0) {
    return {
      outcome: "fail",
      reason: `${plural(warnings, "warning")} in the plan (fail-on: warning)`
    };
  }
  const below = failOn === "warning" ? "no errors or warnings" : "no errors";
  return {
    outcome: "pass",
    reason: `${below} in the plan (fail-on: ${failOn})`
  };
}

export {
  FAIL_ON_VALUES,
  decideVerdict
};
