import { describe, expect, it } from 'vitest';
import { parseTestme } from '../../src/github/testme';

describe('parseTestme: only the exact command counts', () => {
  it.each([
    ['!testme', { kind: 'run', ops: [], upgradeFrom: undefined }],
    ['  !testme  ', { kind: 'run', ops: [], upgradeFrom: undefined }],
    ['!testme install upgrade', { kind: 'run', ops: ['install', 'upgrade'], upgradeFrom: undefined }],
    ['!testme from=1.2.0+1.0 backup', { kind: 'run', ops: ['backup'], upgradeFrom: '1.2.0+1.0' }],
    ['!testme from=none', { kind: 'run', ops: [], upgradeFrom: 'none' }],
    ['!testme upgrade from=chain:3', { kind: 'run', ops: ['upgrade'], upgradeFrom: 'chain:3' }],
    ['!testme from=1.0.0+1,1.2.0+3', { kind: 'run', ops: [], upgradeFrom: '1.0.0+1,1.2.0+3' }],
    ['!testmexyz', { kind: 'none' }],
    ['please !testme', { kind: 'none' }],
    ['> !testme', { kind: 'none' }],
    ['!testme\nand some words', { kind: 'none' }],
    ['!TESTME', { kind: 'none' }],
    [
      '!testme deploy',
      { kind: 'invalid', why: '"deploy" is neither an op (lint, install, upgrade, backup, restore, custom) nor from=<release>' },
    ],
    [
      '!testme from=$(id)',
      { kind: 'invalid', why: '"from=&#36;(id)" is neither an op (lint, install, upgrade, backup, restore, custom) nor from=<release>' },
    ],
    [
      '!testme @org/team',
      { kind: 'invalid', why: '"@\u200borg/team" is neither an op (lint, install, upgrade, backup, restore, custom) nor from=<release>' },
    ],
    [
      '!testme [x](https://evil.example)',
      {
        kind: 'invalid',
        why: '"&#91;x&#93;(https:/\u200b/evil.example)" is neither an op (lint, install, upgrade, backup, restore, custom) nor from=<release>',
      },
    ],
  ])('%j', (body, expected) => {
    expect(parseTestme(body)).toEqual(expected);
  });
});
