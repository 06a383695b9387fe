import { fail, pass, skip, type Operation } from './operation';
import type { Assertion } from '../report/schema';
import { converged, genericSkipped, rejected } from './checks';
import { notServing, serving } from './serving';

/**
 * upgrade: moves the live deployment from the base release to head, in place (same stack, same
 * volumes). Passes when the update completed (not paused, not rolled back), every service runs
 * head's image, the version label is head's, and the app serves again.
 */
export const upgrade: Operation = {
  name: 'upgrade',
  needs: ['install'],
  async run(ctx) {
    const base = ctx.facts.base;
    if (!base) return skip(ctx.facts.noBaseReason);
    let up;
    try {
      up = await ctx.deploys.upgrade(ctx.signal);
    } catch (e) {
      return rejected(e);
    }
    const assertions: Assertion[] = [
      {
        name: 'deployed',
        status: 'pass',
        detail: `${base.release.tag} → head${up.addedKeys.length ? `; env keys added from head's .env.sample: ${up.addedKeys.join(', ')}` : ''}`,
      },
    ];
    const conv = await converged(ctx, up.since, up.plan.wait);
    if (conv.failed) return { ...conv.failed, assertions: [...assertions, ...conv.failed.assertions] };
    assertions.push(conv.assertion);

    if (!ctx.generic) {
      assertions.push(genericSkipped('images'), genericSkipped('version label'), (await serving(ctx)).assertion);
      return pass(`${base.release.tag} → head in place (generic assertions skipped)`, assertions);
    }
    // Held to what head intends (its compose files with its own .env.sample), not to what this
    // app's env file made of them: an image tag read from the env file stays at the base's value.
    const intended = ctx.facts.headPlan;
    const services = await ctx.backend.services();
    const wrong = Object.entries(intended.images)
      .map(([name, image]) => ({ name, image, running: services.find((s) => s.name === name)?.image }))
      .filter((s) => s.running !== s.image);
    if (wrong.length) {
      const detail = wrong.map((s) => `${s.name} runs ${s.running ?? 'nothing'}, head declares ${s.image}`).join('; ');
      return fail(`not on head's images: ${detail}`, [...assertions, { name: 'images', status: 'fail', detail }], {
        reason: 'upgrade_incomplete',
        service: wrong[0]!.name,
        event: detail,
      });
    }
    assertions.push({
      name: 'images',
      status: 'pass',
      detail: Object.entries(intended.images)
        .map(([n, i]) => `${n}=${i}`)
        .join(' '),
    });

    const label = `coop-cloud.${ctx.app.stack}.version`;
    if (intended.version) {
      const deployed = services.map((s) => s.labels[label]).find((v) => v !== undefined);
      if (deployed !== intended.version) {
        const detail = `${label} is ${deployed ?? 'missing'}, head declares ${intended.version}`;
        return fail(detail, [...assertions, { name: 'version label', status: 'fail', detail }], {
          reason: 'upgrade_incomplete',
          event: detail,
        });
      }
      assertions.push({ name: 'version label', status: 'pass', detail: `${label}=${deployed}` });
    } else assertions.push({ name: 'version label', status: 'skip', detail: `head declares no ${label} label` });

    const served = await serving(ctx);
    const serve = served.assertion;
    assertions.push(serve);
    if (serve.status === 'fail') return notServing(served, assertions, ' after the upgrade');
    return pass(`${base.release.tag} → ${intended.version ?? 'head'} in place${serve.status === 'pass' ? '; serving' : ''}`, assertions);
  },
};
