import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-3NHQZZQJ.js";
import {
  setupSwarm
} from "./chunks/chunk-OJEHVEOV.js";
import {
  initSwarmInput
} from "./chunks/chunk-RPXDCWKD.js";
import {
  DockerApi
} from "./chunks/chunk-HBM2C66F.js";
import {
  getInput,
  info
} from "./chunks/chunk-ICYKCY6V.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-pre.ts
try {
  if ((getInput("mode") || "test") === "test") await setupSwarm(new DockerApi(), { initSwarm: initSwarmInput(), log: info });
} catch (e) {
  failStep(e);
}
