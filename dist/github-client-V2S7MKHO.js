import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  actionOctokit
} from "./chunk-AGAM66LC.js";
import "./chunk-VY42FCZX.js";
import "./chunk-T3LJ2J2J.js";
export {
  actionOctokit
};
