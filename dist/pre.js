import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-UT4FYEOF.js";
import {
  initSwarmInput,
  mode,
  testInputs
} from "./chunks/chunk-XPPJNMCY.js";
import {
  backendKind
} from "./chunks/chunk-Q7KPI26M.js";
import {
  info
} from "./chunks/chunk-N6UZXVPD.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-pre.ts
try {
  if (mode() === "test") await backendKind(testInputs().backend, "input backend").setupHost({ initSwarm: initSwarmInput(), log: info });
} catch (e) {
  failStep(e);
}
