import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  annotationFile
} from "./chunk-54KRV55O.js";
import {
  UserError,
  errorMessage
} from "./chunk-3ENYTVF4.js";
import {
  error,
  setFailed
} from "./chunk-ADTZBRDJ.js";

// src/action/fail.ts
function failStep(e, recipeDir) {
  if (e instanceof UserError) {
    const file = e.file ? annotationFile(recipeDir, e.file) : void 0;
    if (file) error(e.message, { title: "cc-ci", file, startLine: e.line });
    setFailed(`cc-ci: ${e.oneLine}`);
  } else {
    setFailed(`cc-ci: internal error: ${errorMessage(e)}`);
  }
}

export {
  failStep
};
