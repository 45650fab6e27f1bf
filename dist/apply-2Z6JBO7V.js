import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  applyCommand,
  exitCodeFor,
  flagReader,
  nextStepLines,
  parseApplyFlags,
  withSignals
} from "./chunk-B3KHNZFA.js";
import "./chunk-MDZU37JR.js";
import "./chunk-7JFDSN6C.js";
import "./chunk-L42FRM2R.js";
import "./chunk-QUVCEMVH.js";
import "./chunk-MU7Q3OSJ.js";
import "./chunk-ZTPELEAY.js";
import "./chunk-6GG5KTY3.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-5NZU25QQ.js";
import "./chunk-5CPEL63Z.js";
import "./chunk-BX3DRJGE.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-HSUMWQFL.js";
import "./chunk-WN2UMAGN.js";
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
