import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  failStep
} from "./chunks/chunk-6UKCL32E.js";
import {
  DEFAULT_STALE_SECONDS,
  reapLines,
  reapRuns
} from "./chunks/chunk-QRAVJO5W.js";
import {
  mode,
  stateRoot,
  testInputs
} from "./chunks/chunk-ITLILA7Z.js";
import {
  backendKind
} from "./chunks/chunk-OBWVXCA7.js";
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
