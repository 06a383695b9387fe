import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  info,
  summary,
  warning
} from "./chunk-LXNMTWZE.js";
import {
  errorMessage
} from "./chunk-ZSXOUFXQ.js";

// src/action/summary.ts
async function writeJobSummary(markdown) {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    info("GITHUB_STEP_SUMMARY is not set; job summary not written");
    return;
  }
  try {
    await summary.addRaw(markdown, true).write();
  } catch (e) {
    warning(`could not write the job summary: ${errorMessage(e)}`);
  }
}

export {
  writeJobSummary
};
