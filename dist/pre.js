import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-PKQORBCR.js";
import {
  DEFAULT_STALE_SECONDS,
  reapLines,
  reapRuns
} from "./chunks/chunk-FA4NIYV7.js";
import {
  mode,
  stateRoot,
  testInputs
} from "./chunks/chunk-G5JQSIR6.js";
import {
  backendKind
} from "./chunks/chunk-R7SVWT6A.js";
import {
  info
} from "./chunks/chunk-N6UZXVPD.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-pre.ts
try {
  if (mode() === "test") {
    const { backend, initSwarm } = testInputs();
    const kind = backendKind(backend, "input backend");
    await kind.setupHost({ initSwarm, log: info });
    const outcomes = await reapRuns(kind.runs(), { staleSeconds: DEFAULT_STALE_SECONDS, kindOf: (name) => backendKind(name, "a run record"), stateRoot: stateRoot() });
    for (const line of reapLines(outcomes)) info(`cc-ci: ${line}`);
  }
} catch (e) {
  failStep(e);
}
