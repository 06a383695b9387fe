import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  UserError,
  errorMessage
} from "./chunk-R7SVWT6A.js";
import {
  error,
  setFailed
} from "./chunk-N6UZXVPD.js";

// src/action/fail.ts
function failStep(e) {
  if (e instanceof UserError) {
    if (e.file) error(e.message, { title: "cc-ci", file: e.file, startLine: e.line });
    setFailed(`cc-ci: ${e.oneLine}`);
  } else {
    setFailed(`cc-ci: internal error: ${errorMessage(e)}`);
  }
}

export {
  failStep
};
