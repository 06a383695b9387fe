import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-AMGDERJX.js";
import {
  setupSwarm
} from "./chunks/chunk-QIFGXZZD.js";
import {
  initSwarmInput
} from "./chunks/chunk-Y5V3JHGD.js";
import {
  DockerApi
} from "./chunks/chunk-NDZ52VSO.js";
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
