import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-TLRNO2WB.js";
import {
  setupSwarm
} from "./chunks/chunk-4MY4FY2L.js";
import {
  info,
  initSwarmInput
} from "./chunks/chunk-NJ4LXYYY.js";
import {
  DockerApi
} from "./chunks/chunk-XBFKV7RT.js";

// src/entrypoints/action-pre.ts
try {
  await setupSwarm(new DockerApi(), { initSwarm: initSwarmInput(), log: info });
} catch (e) {
  failStep(e);
}
