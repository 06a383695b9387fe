import { describe, expect, it } from 'vitest';

import { fixture, opOf, run } from './helpers';

describe('a deploy that throws something other than a refusal', () => {
  it('is not dressed up as a located refusal: the install fails with the error as it was', async () => {
    const { results, log } = await run(fixture('real-shaped'), ['install'], {
      throwIn: { method: 'deploy', error: new Error('fake daemon hiccup') },
    });
    const install = opOf(results, 'install');
    expect(install.status).toBe('fail');
    expect(install.reason).toContain('fake daemon hiccup');
    expect(install.reason).not.toMatch(/compose\.yml:\d+/);
    expect(install.autopsy?.reason).not.toBe('deploy_rejected');
    expect(log).toContain('teardown');
  });
});
