import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep,
  initSwarmInput
} from "./chunks/chunk-OCPFZPIY.js";
import {
  setupSwarm
} from "./chunks/chunk-YDTDW7EO.js";
import {
  info
} from "./chunks/chunk-SCJVDNM2.js";
import {
  DockerApi
} from "./chunks/chunk-2X6GTBUI.js";

// src/entrypoints/action-pre.ts
try {
  await setupSwarm(new DockerApi(), { initSwarm: initSwarmInput(), log: info });
} catch (e) {
  failStep(e);
}
