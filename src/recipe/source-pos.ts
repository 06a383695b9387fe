/** Where something is written in a recipe file: errors and annotations name it. */
export interface SourcePos {
  file: string;
  line?: number;
}
