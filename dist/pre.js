import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-FX67QMLD.js";
import {
  setupSwarm
} from "./chunks/chunk-PNRKCEV3.js";
import {
  info,
  initSwarmInput
} from "./chunks/chunk-LXNMTWZE.js";
import {
  DockerApi
} from "./chunks/chunk-ZSXOUFXQ.js";

// src/entrypoints/action-pre.ts
try {
  await setupSwarm(new DockerApi(), { initSwarm: initSwarmInput(), log: info });
} catch (e) {
  failStep(e);
}
