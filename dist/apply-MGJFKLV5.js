import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  applyCommand,
  exitCodeFor,
  flagReader,
  nextStepLines,
  parseApplyFlags,
  withSignals
} from "./chunk-WYWUTUTY.js";
import "./chunk-TWRW3B4Y.js";
import "./chunk-WFV7AJO5.js";
import "./chunk-L42FRM2R.js";
import "./chunk-QUVCEMVH.js";
import "./chunk-DIR2TPB7.js";
import "./chunk-MU7Q3OSJ.js";
import "./chunk-DEHQ3BHB.js";
import "./chunk-DRX3KYUC.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-MHUGYZYF.js";
import "./chunk-GNQ547S4.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-7RT4X4MV.js";
import "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-PLUCFJWB.js";
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
