import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  applyCommand,
  exitCodeFor,
  nextStepLines,
  withSignals
} from "./chunk-F7BAR3C6.js";
import "./chunk-SYPLGFVJ.js";
import "./chunk-L42FRM2R.js";
import "./chunk-UXULGSZA.js";
import "./chunk-XLDRI3WU.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-5NZU25QQ.js";
import "./chunk-I5GSSFKM.js";
import "./chunk-AVAIQGKA.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-BV7EA5QP.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-TN5DIXVG.js";
import "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";
export {
  applyCommand,
  exitCodeFor,
  nextStepLines,
  withSignals
};
