import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-FHR5A2A3.js";
import {
  mode,
  testInputs
} from "./chunks/chunk-D7IXBHEK.js";
import {
  backendKind
} from "./chunks/chunk-MFCUHYP3.js";
import {
  info
} from "./chunks/chunk-N6UZXVPD.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-pre.ts
try {
  if (mode() === "test") {
    const { backend, initSwarm } = testInputs();
    await backendKind(backend, "input backend").setupHost({ initSwarm, log: info });
  }
} catch (e) {
  failStep(e);
}
