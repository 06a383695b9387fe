import { afterEach, describe, expect, it } from 'vitest';
import { TerminalEvents } from '../../src/report/terminal-events';
import { marker } from '../../src/github/pr-comment';
import { annotations } from '../../src/report/annotations';
import { htmlText, logLines, mdCode, mdText, noCommands, oneLine } from '../../src/report/inert';
import { renderMatrix } from '../../src/report/matrix';
import { renderComment } from '../../src/report/pr-comment';
import { Results, type OpResult } from '../../src/report/schema';
import { renderSummary } from '../../src/report/summary';
import { markdownTable, textAutopsies, textTable } from '../../src/report/table';
import { failedRun } from '../fixtures/results';

/** Everything a pull request controls, in every string field of a result. */
const RUN_URL = 'https://github.com/o/r/actions/runs/1';
const MARKER = marker('demo');
const FORGED_HEADING = '## ✅ all passed';
const SERVICE = `app\r${FORGED_HEADING}`;
const HOSTILE = [
  `converged in 12 s ${marker('other')} ${MARKER}`,
  '[click](https://evil.example)',
  '![x](https://evil.example/x.png)',
  '<img src=x onerror=alert(1)>',
  '@maintainer',
  '| a | b |',
  'x\u2028## forged heading\u2029## forged heading\u0085## forged heading\r\n## forged heading',
  '\r::error title=forged::owned',
  '##[error]forged',
  '`code` \\| $x$',
].join(' ');
const LOG_LINES = [
  '\r::error title=forged::owned',
  '::add-mask::x',
  '##[error]forged',
  '  ::warning::indented',
  'a ``` fence\r```',
  'plain\rCR\u0085::debug::x',
  MARKER,
  '\x1b]52;c;b3duZWQ=\x07\x1b[31mred\x1b[0m',
];

function hostileRun(recipe = 'demo'): Results {
  const r = structuredClone(failedRun);
  r.recipe = recipe;
  r.base = { version: HOSTILE, ref: HOSTILE };
  r.head = { version: HOSTILE, ref: HOSTILE };
  r.startedAt = HOSTILE;
  r.sources = { [SERVICE]: { file: `compose.yml\n::error::x`, line: 3 } };
  for (const o of r.ops) {
    o.reason = HOSTILE;
    o.assertions = [{ name: HOSTILE, status: 'fail', detail: `compose.yml:1: ${HOSTILE}`, source: { file: HOSTILE, line: 1 } }];
    if (o.autopsy) Object.assign(o.autopsy, { service: SERVICE, event: HOSTILE, hint: `${HOSTILE}. ${HOSTILE}`, last_lines: LOG_LINES });
  }
  r.customization = [
    { item: HOSTILE, source: 'built-in', path: null, used: false },
    { item: 'x', source: 'repo-local', path: `.cc-ci/${HOSTILE}`, used: false, note: HOSTILE },
    { item: 'y', source: 'bundled', path: `\`${MARKER}\``, used: true, note: HOSTILE },
  ];
  r.teardown = { strategy: 'always', status: 'failed', leftovers: [HOSTILE], detail: HOSTILE };
  return Results.parse(r);
}

const LINE_BREAK = /\r\n|\r|\n/;
/** What the runner trims before looking for `::` (.NET whitespace, NEL included). */
const runnerTrim = (l: string) => l.replace(/^[\s\u0085]+/, '');

/** No workflow command on any line the runner would read. */
function expectNoCommands(text: string): void {
  for (const line of text.split(LINE_BREAK)) {
    expect(runnerTrim(line).startsWith('::'), line).toBe(false);
    expect(line.startsWith('##['), line).toBe(false);
    expect(line.includes('##['), line).toBe(false); // the runner's older syntax is found anywhere in a line
  }
}

/** No link, image, HTML, comment, mention, forged heading or broken table from a hostile string. */
function expectInertMarkdown(text: string, ownLinks: string[] = []): void {
  expectNoCommands(text);
  expect(text).not.toContain('\r');
  let rest = text;
  for (const link of ownLinks) rest = rest.split(`](${link})`).join('');
  expect(rest).not.toContain('](');
  expect(text).not.toMatch(/<img/i);
  expect(text).not.toContain('<!--');
  expect(text).not.toContain('@maintainer');
  expect(text).not.toContain('[click]');
  expect(text).not.toContain('![x]');
  for (const line of text.split('\n')) expect(line, line).not.toMatch(/^ {0,3}#{1,6} (✅ all passed|forged)/);
  // Every row of a table has as many cells as its header.
  let cells = 0;
  for (const line of text.split('\n')) {
    const n = line.startsWith('|') ? line.split(/(?<!\\)\|/).length : 0;
    if (n && cells) expect(n, line).toBe(cells);
    cells = n;
  }
}

describe('renderers keep pull-request strings inert', () => {
  it('job summary', () => {
    const summary = renderSummary(hostileRun(HOSTILE));
    expectInertMarkdown(summary);
    // The log lines, split on every line break, stay inside their fence.
    const block = /\n(`{4,})text\n([\s\S]*?)\n\1\n/.exec(summary);
    expect(block?.[2]!.split('\n')).toEqual(logLines(LOG_LINES));
    expect(block?.[2]!.split('\n')).toHaveLength(12);
  });

  it('PR comment: the marker cc-ci writes is the only one, first in the body', () => {
    const body = `${MARKER}\n${renderComment(hostileRun(), RUN_URL)}`;
    expectInertMarkdown(body.slice(MARKER.length), [RUN_URL]);
    expect(body.indexOf('<!--')).toBe(0);
    expect(body.split(MARKER)).toHaveLength(2);
    expect(body).not.toContain(marker('other'));
    expectInertMarkdown(renderComment(hostileRun(HOSTILE), RUN_URL), [RUN_URL]);
  });

  it('matrix and op table', () => {
    const matrix = renderMatrix([{ recipe: HOSTILE, results: hostileRun(HOSTILE), url: RUN_URL }, { recipe: SERVICE }], RUN_URL);
    expectInertMarkdown(matrix, [RUN_URL]);
    expectInertMarkdown(markdownTable(hostileRun()));
  });

  it('annotations: single-line titles, messages of single-line parts, no commands', () => {
    const all = annotations(hostileRun(), 'recipes/demo');
    expect(all.length).toBeGreaterThan(2);
    for (const a of all) {
      expect(a.title).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
      expect(a.message).not.toMatch(/[\r\u2028\u2029\u0085]/);
      expect(a.message.split('\n').length).toBeLessThanOrEqual(2);
      expectNoCommands(a.title);
      expectNoCommands(a.message);
    }
  });

  it('terminal tables and autopsies', () => {
    for (const text of [textTable(hostileRun()), textAutopsies(hostileRun())]) {
      expectNoCommands(text);
      expect(text).not.toContain('\r');
      expect(text).not.toContain('\x1b');
    }
    expect(textAutopsies(hostileRun())).toContain('  | :\u200b:add-mask::x'); // still shown, just not obeyed
  });
});

describe('terminal events', () => {
  const term = process.env.TERM;
  afterEach(() => {
    process.env.TERM = term;
  });

  function fakeStream(isTTY: boolean) {
    const out = { text: '', isTTY, columns: 400, write: (s: string) => ((out.text += s), true) };
    return out;
  }

  function drive(events: TerminalEvents): void {
    events.mask('s3cret');
    events.info(`${HOSTILE}\n::add-mask::s3cret\r##[error]x`);
    events.warn(HOSTILE);
    events.opStarted('install');
    events.opProgress('install', HOSTILE);
    const result: OpResult = {
      op: 'install',
      status: 'fail',
      reason: `${HOSTILE}\n${LOG_LINES.join('\n')}`,
      durationMs: 5,
      assertions: [],
      autopsy: null,
    };
    events.opFinished(result);
  }

  it.each([false, true])('prints no workflow command on any line (tty: %s)', (tty) => {
    process.env.TERM = 'xterm';
    const out = fakeStream(tty);
    drive(new TerminalEvents(out as unknown as NodeJS.WriteStream));
    // eslint-disable-next-line no-control-regex -- the erase-line sequence a progress line ends with
    expectNoCommands(out.text.replace(/\x1b\[K/g, ''));
    expect(out.text).toContain('***');
    expect(out.text).not.toContain('s3cret');
    expect(out.text).not.toContain('\x1b]52');
  });
});

describe('ordinary strings render as before', () => {
  const reason = 'converged in 12 s; 2/2 tasks running';
  const normal: Results = { ...failedRun, ops: failedRun.ops.map((o) => (o.op === 'install' ? { ...o, reason } : o)) };

  it('in every renderer', () => {
    expect(markdownTable(normal)).toContain(`| install | ✅ pass | 4.8s | ${reason} |`);
    expect(renderSummary(normal)).toContain(`| ${reason} |`);
    expect(renderComment(normal, RUN_URL)).toContain(`| ${reason} |`);
    expect(renderComment(normal, RUN_URL)).toContain('in `app`.');
    expect(textTable(normal)).toContain(reason);
    expect(renderMatrix([{ recipe: 'demo', results: normal }])).toContain('| demo | ❌ fail |');
  });

  it('leaves ordinary punctuation alone', () => {
    const plain = "app: 1.0.0+1 → 1.1.0+2, k91j (exit 143) ok. don't a/b=c d_e *f* # ~g!";
    expect(mdText(plain)).toBe(plain);
    expect(htmlText(plain)).toBe(plain);
    expect(oneLine(plain)).toBe(plain);
    expect(noCommands(plain)).toBe(plain);
    expect(logLines([plain, '', 'GET /health 404 `x`'])).toEqual([plain, '', 'GET /health 404 `x`']);
    expect(mdCode('.cc-ci/hooks/pre-backup.sh')).toBe('`.cc-ci/hooks/pre-backup.sh`');
    expect(logLines(['crlf\r\n', 'lf\n'])).toEqual(['crlf', 'lf']);
  });

  it('escapes what would be markup', () => {
    expect(mdText('[a](b) <i> @bob | `c` \\ $m$ &amp;')).toBe(
      '&#91;a&#93;(b) &lt;i&gt; @\u200bbob \\| &#96;c&#96; &#92; &#36;m&#36; &amp;amp;',
    );
    expect(mdCode('a`b|c')).toBe('<code>a&#96;b&#124;c</code>');
    expect(noCommands(' \t::x::y\n\u0085::z\r##[group]w')).toBe(' \t:\u200b:x::y\n\u0085:\u200b:z\r#\u200b#[group]w');
  });

  it('breaks what GitHub would autolink or cross-reference, and caps a field', () => {
    expect(mdText('see https://evil.example/login or www.evil.example, #12, owner/repo#3 and GH-4')).toBe(
      'see https:/\u200b/evil.example/login or www\u200b.evil.example, #\u200b12, owner/repo#\u200b3 and G\u200bH-4',
    );
    expect(mdText('x'.repeat(5000))).toBe(`${'x'.repeat(2000)}…`);
  });
});
