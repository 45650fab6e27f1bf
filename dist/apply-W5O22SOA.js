import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  applyCommand,
  exitCodeFor,
  withSignals
} from "./chunk-OI3VSSQS.js";
import "./chunk-CILVGGJC.js";
import "./chunk-L42FRM2R.js";
import "./chunk-UXULGSZA.js";
import "./chunk-YCIXSFO3.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-5NZU25QQ.js";
import "./chunk-FN6XMSTQ.js";
import "./chunk-FU26EKLZ.js";
import "./chunk-LI4FJTMG.js";
import "./chunk-6P4GJB52.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-TN5DIXVG.js";
import "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";
export {
  applyCommand,
  exitCodeFor,
  withSignals
};
