import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-IQRKPHFO.js";
import {
  setupSwarm
} from "./chunks/chunk-2VCYSOMO.js";
import {
  initSwarmInput
} from "./chunks/chunk-3VSIGIQC.js";
import {
  DockerApi
} from "./chunks/chunk-DD73P3PF.js";
import {
  getInput,
  info
} from "./chunks/chunk-NK357T6U.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-pre.ts
try {
  if ((getInput("mode") || "test") === "test") await setupSwarm(new DockerApi(), { initSwarm: initSwarmInput(), log: info });
} catch (e) {
  failStep(e);
}
