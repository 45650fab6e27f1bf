import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  applyCommand,
  exitCodeFor,
  flagReader,
  nextStepLines,
  parseApplyFlags,
  withSignals
} from "./chunk-YG4CQ5X2.js";
import "./chunk-QBI4QXKO.js";
import "./chunk-UMYJFZQQ.js";
import "./chunk-L42FRM2R.js";
import "./chunk-QUVCEMVH.js";
import "./chunk-DIR2TPB7.js";
import "./chunk-MU7Q3OSJ.js";
import "./chunk-4V2MU4RG.js";
import "./chunk-25FDCXIW.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-4JXI4YPL.js";
import "./chunk-GNQ547S4.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-FXAEVUHL.js";
import "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-M2D2NH6K.js";
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
