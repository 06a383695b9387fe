import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-OT6HVCFT.js";
import {
  DEFAULT_STALE_SECONDS,
  reapLines,
  reapRuns
} from "./chunks/chunk-QGSLCRJN.js";
import {
  mode,
  stateRoot,
  testInputs
} from "./chunks/chunk-54KRV55O.js";
import {
  backendKind
} from "./chunks/chunk-3ENYTVF4.js";
import {
  info
} from "./chunks/chunk-ADTZBRDJ.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-pre.ts
try {
  if (mode() === "test") {
    const { backend, initSwarm } = testInputs();
    const kind = backendKind(backend, "input backend");
    await kind.setupHost({ initSwarm, log: info });
    const outcomes = await reapRuns(kind.runs(), {
      staleSeconds: DEFAULT_STALE_SECONDS,
      kindOf: (name) => backendKind(name, "a run record"),
      stateRoot: stateRoot()
    });
    for (const line of reapLines(outcomes)) info(`cc-ci: ${line}`);
  }
} catch (e) {
  failStep(e);
}
