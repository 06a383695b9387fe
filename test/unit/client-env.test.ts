import { describe, expect, it } from 'vitest';
import { deployEnv } from '../../src/backends/swarm/client-env';

describe('the environment docker stack deploy interpolates with', () => {
  it("is the app's env, never the runner's; the docker client's own settings are cc-ci's", () => {
    const runner = { PATH: '/usr/bin', HOME: '/root', DOCKER_HOST: 'unix:///run/d.sock', GITHUB_TOKEN: 'ghs_secret', RUNNER_TEMP: '/tmp/r', GREETING: 'from the runner' };
    const app = { GREETING: 'hello', STACK_NAME: 's_ci', PATH: '.tools:/bin', DOCKER_CONFIG: '/evil', DOCKER_CERT_PATH: '/evil' };
    expect(deployEnv(app, runner)).toEqual({ GREETING: 'hello', STACK_NAME: 's_ci', PATH: '/usr/bin', HOME: '/root', DOCKER_HOST: 'unix:///run/d.sock' });
  });
});
