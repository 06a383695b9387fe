/**
 * Hostile strings, rendered inert.
 *
 * cc-ci runs pull-request recipes, so every string in results.json (recipe and service names,
 * reasons, events, hints, hook and container output, file paths, versions) may be written by
 * whoever opened the pull request. Each function here turns such a string into plain text for
 * one place it is written to, so that it cannot become a link, an image, HTML, an @mention, a
 * heading or table row, cc-ci's PR comment marker, a terminal escape sequence, or a workflow
 * command the Actions runner obeys. Renderers apply them to those strings only: cc-ci's own
 * markup around them is written as is.
 */

const ZWSP = '\u200b';

/** Line breaks: the runner splits on `\r` and `\n` alone; GitHub and terminals take the rest too. */
const BREAK = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;

/**
 * Terminal escape sequences (CSI, OSC: colours, cursor moves, hyperlinks, clipboard writes), the
 * remaining control characters except tab, and bidi overrides that reorder what is shown.
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\r\n]*(?:\x07|\x1b\\)?|[@-Z\\-_])|[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: control characters dropped, every line break a space. */
export function oneLine(s: string): string {
  return s.replace(CONTROL, '').replace(BREAK, ' ');
}

/** Lines of plain text: split on every line break (a lone `\r` included), control characters dropped. */
export function plainLines(s: string): string[] {
  return s
    .replace(/(\r\n|[\r\n])$/, '')
    .split(BREAK)
    .map((l) => l.replace(CONTROL, ''));
}

/**
 * Text the Actions runner must not obey. It reads a line (split on `\r` or `\n`) as a command when
 * it starts with `::` after leading whitespace, or contains `##[` anywhere; a zero-width space
 * (not whitespace to the runner) breaks both.
 */
export function noCommands(s: string): string {
  return s.replace(/(^|[\r\n])([\s\u0085]*):(?=:)/g, `$1$2:${ZWSP}`).replace(/##\[/g, `#${ZWSP}#[`);
}

/**
 * Log lines for a fenced code block or a terminal: one entry per line, no workflow commands, and no
 * `<!--` (literal in a fence, but it must never spell out cc-ci's PR comment marker).
 */
export function logLines(lines: readonly string[]): string[] {
  return lines.flatMap(plainLines).map((l) => noCommands(l).replace(/<!--/g, `<!${ZWSP}--`));
}

/**
 * Markdown-active characters as HTML entities, which GitHub decodes only after parsing markdown and
 * HTML. `@` gets a zero-width space instead: mentions are found in the rendered text, after entities.
 */
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '[': '&#91;',
  ']': '&#93;',
  '\\': '&#92;',
  '`': '&#96;',
  $: '&#36;',
  '|': '&#124;',
  '@': `@${ZWSP}`,
};

/**
 * Inline text in markdown: a paragraph, a table cell, or inside inline `<code>` there. Only what
 * could link, embed, inject HTML, start code or math, split a table cell or mention is escaped
 * (`|` as `\|`, readable in the source); ordinary punctuation and emphasis marks are left alone.
 */
export function mdText(s: string): string {
  return noAutolinks(capped(oneLine(s))).replace(/[&<>[\]\\`$|@]/g, (c) => (c === '|' ? '\\|' : ENTITY[c]!));
}

/** One string's share of a comment GitHub caps at 65,536 characters. */
const MAX_FIELD = 2000;
const capped = (s: string) => (s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD)}…` : s);

/**
 * GitHub links bare URLs (`https://`, `www.`) and references issues (`#12`, `owner/repo#12`,
 * `GH-12`) in rendered text, the latter notifying other repositories: a zero-width space breaks
 * each pattern and shows the same.
 */
function noAutolinks(s: string): string {
  return s
    .replace(/:\/\//g, `:/${ZWSP}/`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m[0]}${ZWSP}${m.slice(1)}`);
}

/** Text inside an HTML block (e.g. `<summary>`), where markdown is not parsed: entities only. */
export function htmlText(s: string): string {
  return oneLine(s).replace(/[&<>"[\]\\`$|@]/g, (c) => ENTITY[c]!);
}

/**
 * Inline code in markdown (a file path): a plain code span when the text is made of ordinary path
 * characters, else `<code>` with entities, as a code span can escape neither `` ` `` nor `\|`.
 */
export function mdCode(s: string): string {
  const t = oneLine(s);
  return /^[\w./+:=,~-][\w ./+:=,~-]*$/.test(t) ? `\`${t}\`` : `<code>${htmlText(t)}</code>`;
}
