import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  applyCommand,
  exitCodeFor,
  flagReader,
  nextStepLines,
  parseApplyFlags,
  withSignals
} from "./chunk-H35DK4DC.js";
import "./chunk-5L352HOJ.js";
import "./chunk-7JFDSN6C.js";
import "./chunk-L42FRM2R.js";
import "./chunk-QUVCEMVH.js";
import "./chunk-M5JPAQ3A.js";
import "./chunk-MU7Q3OSJ.js";
import "./chunk-YT6A3ETX.js";
import "./chunk-3OQPNUI4.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-5NZU25QQ.js";
import "./chunk-5KSPFJ36.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-HUAGRV2A.js";
import "./chunk-AN3LXM6W.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-VATLGKMW.js";
import "./chunk-UVZGKNRS.js";
import "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";
export {
  applyCommand,
  exitCodeFor,
  flagReader,
  nextStepLines,
  parseApplyFlags,
  withSignals
};
