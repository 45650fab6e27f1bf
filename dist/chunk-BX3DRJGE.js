import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-MICTRCJ2.js";

// src/core/manifests/input-bounds.ts
var DEFAULT_INPUT_LIMITS = Object.freeze({
  maxNestingDepth: 200,
  maxDocuments: 2e4,
  maxAliases: 100,
  maxKeyChars: 4096,
  maxScalarChars: 4 * 1024 * 1024
});
var INPUT_LIMIT_FLAGS = Object.freeze({
  maxNestingDepth: "max-nesting-depth",
  maxDocuments: "max-documents",
  maxAliases: "max-aliases",
  maxKeyChars: "max-key-chars",
  maxScalarChars: "max-scalar-chars"
});
var INPUT_LIMIT_NAMES = Object.keys(
  DEFAULT_INPUT_LIMITS
);
var InputLimitError = class extends UserError {
  limit;
  limitValue;
  constructor(what, limit, value, where) {
    const flag = INPUT_LIMIT_FLAGS[limit];
    super(
      `${what}: over the limit ${flag}=${value}; if the file is legitimate, raise it with --${flag}`,
      where
    );
    this.name = "InputLimitError";
    this.limit = limit;
    this.limitValue = value;
  }
};
function resolveInputLimits(overrides) {
  const limits = { ...DEFAULT_INPUT_LIMITS };
  if (overrides === void 0) return limits;
  for (const name of INPUT_LIMIT_NAMES) {
    const value = overrides[name];
    if (value !== void 0) limits[name] = value;
  }
  return limits;
}
var LF = 10;
var CR = 13;
var SPACE = 32;
var TAB = 9;
function isBlank(c) {
  return c === SPACE || c === TAB;
}
function isBreakOrEnd(c) {
  return c === LF || c === CR || Number.isNaN(c);
}
function isSpaceOrEnd(c) {
  return isBlank(c) || isBreakOrEnd(c);
}
function isFlowIndicator(c) {
  return c === 91 || c === 93 || c === 123 || c === 125 || c === 44;
}
function checkInputBounds(text, file, overrides) {
  const limits = resolveInputLimits(overrides);
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let flowDepth = 0;
  const indents = [];
  let documents = 0;
  let documentEnded = false;
  let aliases = 0;
  const anchors = [];
  const openNames = /* @__PURE__ */ new Map();
  let pendingAnchor;
  let ownerColumn = 0;
  let blockScalarOwner;
  let blockScalarChars = 0;
  let blockScalarLine = 0;
  let atNodeStart = true;
  let lastScalarChars = -1;
  let lastScalarLine = 0;
  const fail = (what, limit, at = line) => {
    throw new InputLimitError(what, limit, limits[limit], { file, line: at });
  };
  const checkDepth = () => {
    if (indents.length + flowDepth > limits.maxNestingDepth)
      fail("the text nests too deeply", "maxNestingDepth");
  };
  const checkScalar = (chars, at, partial = false) => {
    if (chars > limits.maxScalarChars)
      fail(
        partial ? `a value of more than ${limits.maxScalarChars} characters` : `a value of ${chars} characters`,
        "maxScalarChars",
        at
      );
  };
  const openAnchor = (anchor) => {
    anchors.push(anchor);
    openNames.set(anchor.name, (openNames.get(anchor.name) ?? 0) + 1);
  };
  const closeTopAnchor = () => {
    const top = anchors.pop();
    if (top === void 0) return;
    const count = (openNames.get(top.name) ?? 1) - 1;
    if (count === 0) openNames.delete(top.name);
    else openNames.set(top.name, count);
  };
  const startDocument = () => {
    documents++;
    if (documents > limits.maxDocuments)
      fail(`more than ${limits.maxDocuments} documents`, "maxDocuments");
    indents.length = 0;
    flowDepth = 0;
    aliases = 0;
    anchors.length = 0;
    openNames.clear();
    pendingAnchor = void 0;
    documentEnded = false;
  };
  const endBlockScalar = () => {
    if (blockScalarOwner === void 0) return;
    checkScalar(blockScalarChars, blockScalarLine);
    blockScalarOwner = void 0;
  };
  const readName = () => {
    const start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpaceOrEnd(c) || isFlowIndicator(c)) break;
      i++;
    }
    if (i - start > limits.maxKeyChars)
      fail(`an anchor name of ${i - start} characters`, "maxKeyChars");
    return text.slice(start, i);
  };
  const settleAnchorOnScalar = () => {
    pendingAnchor = void 0;
  };
  const startLine = () => {
    lineStart = i;
    let col = 0;
    while (i < n && isBlank(text.charCodeAt(i))) {
      i++;
      col++;
    }
    const c = i < n ? text.charCodeAt(i) : NaN;
    const blankLine = isBreakOrEnd(c);
    if (blockScalarOwner !== void 0) {
      const marker = col === 0 && (text.startsWith("---", i) || text.startsWith("...", i));
      if (blankLine || col > blockScalarOwner && !marker) {
        let end = text.indexOf("\n", i);
        if (end === -1) end = n;
        blockScalarChars += end - lineStart + 1;
        i = end;
        if (blockScalarChars > limits.maxScalarChars)
          checkScalar(blockScalarChars, blockScalarLine, true);
        return;
      }
      endBlockScalar();
    }
    if (blankLine) return;
    if (col === 0 && flowDepth === 0) {
      if ((text.startsWith("---", i) || text.startsWith("...", i)) && isSpaceOrEnd(text.charCodeAt(i + 3))) {
        if (text.charCodeAt(i) === 45) startDocument();
        else documentEnded = true;
        i += 3;
        atNodeStart = true;
        ownerColumn = -1;
        return;
      }
      if (c === 37) {
        const end = text.indexOf("\n", i);
        i = end === -1 ? n : end;
        return;
      }
    }
    if (c === 35) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end;
      return;
    }
    if (documents === 0 || documentEnded) startDocument();
    if (flowDepth > 0) return;
    const dash = c === 45 && isSpaceOrEnd(text.charCodeAt(i + 1));
    while (indents.length > 0 && (indents[indents.length - 1] ?? 0) > col)
      indents.pop();
    while (anchors.length > 0) {
      const top = anchors[anchors.length - 1];
      if (top?.column === void 0 || top.column < col) break;
      if (top.column === col && top.indentless === true && dash) break;
      closeTopAnchor();
    }
    if (pendingAnchor !== void 0) {
      const indentless = col === pendingAnchor.column && dash;
      if (col > pendingAnchor.column || indentless)
        openAnchor({
          name: pendingAnchor.name,
          column: pendingAnchor.column,
          indentless
        });
      pendingAnchor = void 0;
    }
    if (indents.length === 0 || (indents[indents.length - 1] ?? 0) < col)
      indents.push(col);
    checkDepth();
    ownerColumn = col;
    atNodeStart = true;
  };
  startLine();
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      i++;
      line++;
      startLine();
      continue;
    }
    if (c === CR || isBlank(c)) {
      i++;
      continue;
    }
    const column = i - lineStart;
    if (c === 35) {
      const prev = text.charCodeAt(i - 1);
      if (i === lineStart || isBlank(prev) || prev === LF) {
        const end2 = text.indexOf("\n", i);
        i = end2 === -1 ? n : end2;
        continue;
      }
    }
    if (flowDepth > 0 && isFlowIndicator(c)) {
      if (c === 91 || c === 123) {
        if (pendingAnchor !== void 0) {
          openAnchor({ name: pendingAnchor.name, flowDepth });
          pendingAnchor = void 0;
        }
        flowDepth++;
        checkDepth();
        atNodeStart = true;
      } else if (c === 93 || c === 125) {
        flowDepth--;
        while (anchors.length > 0) {
          const top = anchors[anchors.length - 1];
          if (top?.flowDepth === void 0 || top.flowDepth < flowDepth) break;
          closeTopAnchor();
        }
        atNodeStart = false;
        lastScalarChars = -1;
      } else {
        atNodeStart = true;
      }
      i++;
      continue;
    }
    if (c === 58 && (isSpaceOrEnd(text.charCodeAt(i + 1)) || flowDepth > 0 && (isFlowIndicator(text.charCodeAt(i + 1)) || lastScalarChars >= 0))) {
      if (lastScalarChars > limits.maxKeyChars)
        fail(
          `a key of ${lastScalarChars} characters`,
          "maxKeyChars",
          lastScalarLine
        );
      lastScalarChars = -1;
      i++;
      atNodeStart = true;
      continue;
    }
    if (!atNodeStart) {
      i++;
      continue;
    }
    if (c === 123 && text.charCodeAt(i + 1) === 123)
      throw new UserError(
        "this looks like an unrendered template ({{ ... }}): ds-rollout reads rendered manifests. Pass the command that renders them with --render (for example --render 'helm template .' or --render 'kustomize build .')",
        { file, line }
      );
    if (c === 91 || c === 123) {
      if (pendingAnchor !== void 0) {
        openAnchor({ name: pendingAnchor.name, flowDepth });
        pendingAnchor = void 0;
      }
      flowDepth++;
      checkDepth();
      i++;
      continue;
    }
    if (flowDepth === 0 && c === 45 && isSpaceOrEnd(text.charCodeAt(i + 1))) {
      indents.push(column + 1);
      checkDepth();
      ownerColumn = column;
      i++;
      continue;
    }
    if (c === 63 && isSpaceOrEnd(text.charCodeAt(i + 1))) {
      ownerColumn = column;
      i++;
      continue;
    }
    if (c === 38) {
      i++;
      const name = readName();
      pendingAnchor = { name, column: ownerColumn };
      continue;
    }
    if (c === 42) {
      i++;
      const name = readName();
      aliases++;
      if (aliases > limits.maxAliases)
        fail(`more than ${limits.maxAliases} aliases`, "maxAliases");
      if (openNames.has(name))
        throw new UserError(
          `the alias *${name} is used inside the node of its own anchor &${name}; a recursive alias describes an infinite object, which Kubernetes refuses`,
          { file, line }
        );
      settleAnchorOnScalar();
      atNodeStart = false;
      lastScalarChars = name.length;
      lastScalarLine = line;
      continue;
    }
    if (c === 33) {
      while (i < n && !isSpaceOrEnd(text.charCodeAt(i))) i++;
      continue;
    }
    if (flowDepth === 0 && (c === 124 || c === 62)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 43 || d === 45 || d >= 48 && d <= 57) j++;
        else break;
      }
      const after = text.charCodeAt(j);
      if (isSpaceOrEnd(after)) {
        settleAnchorOnScalar();
        blockScalarOwner = ownerColumn;
        blockScalarChars = 0;
        blockScalarLine = line;
        const end2 = text.indexOf("\n", j);
        i = end2 === -1 ? n : end2;
        atNodeStart = false;
        continue;
      }
    }
    if (c === 34 || c === 39) {
      const startLine2 = line;
      const start2 = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === LF) {
          line++;
          lineStart = i + 1;
        } else if (c === 34 && d === 92) {
          i++;
          if (text.charCodeAt(i) === LF) {
            line++;
            lineStart = i + 1;
          }
        } else if (d === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
        i++;
        if (i - start2 > limits.maxScalarChars)
          checkScalar(i - start2, startLine2, true);
      }
      i++;
      lastScalarChars = i - start2 - 2;
      lastScalarLine = startLine2;
      checkScalar(lastScalarChars, startLine2);
      settleAnchorOnScalar();
      if (flowDepth === 0) ownerColumn = column;
      atNodeStart = false;
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (isBreakOrEnd(d)) break;
      if (d === 58 && isSpaceOrEnd(text.charCodeAt(i + 1))) break;
      if (d === 35 && isBlank(text.charCodeAt(i - 1))) break;
      if (flowDepth > 0 && (isFlowIndicator(d) || d === 58 && isFlowIndicator(text.charCodeAt(i + 1))))
        break;
      i++;
    }
    let end = i;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    lastScalarChars = end - start;
    lastScalarLine = line;
    checkScalar(lastScalarChars, line);
    settleAnchorOnScalar();
    if (flowDepth === 0) ownerColumn = column;
    atNodeStart = false;
  }
  endBlockScalar();
}

export {
  DEFAULT_INPUT_LIMITS,
  INPUT_LIMIT_FLAGS,
  INPUT_LIMIT_NAMES,
  resolveInputLimits,
  checkInputBounds
};
