import { fail, pass, skip, thrown, type OpContext, type Operation, type OpOutcome } from './operation';
import type { Assertion, UpgradeHop } from '../report/schema';
import type { DeployPlan } from '../recipe/deploy-plan';
import { converged, genericSkipped, rejected } from './checks';
import { notServing, serving } from './serving';
import { checkMarker, placeMarker, type DataMarker } from './upgrade-marker';

/**
 * upgrade: moves the live deployment along the upgrade path, in place (same stack, same volumes):
 * from the base release through each later release on the path (a chain), then to head. Each hop
 * passes when the update completed (not paused, not rolled back), every service runs the target's
 * images, the version label is the target's, the app serves again and still holds the data
 * written before the first hop. The first failing hop ends the op; the hops after it are not run.
 */
export const upgrade: Operation = {
  name: 'upgrade',
  needs: ['install'],
  async run(ctx) {
    const path = ctx.facts.path;
    if (!path.length) return skip(ctx.facts.noBaseReason);
    const targets = [
      ...path.slice(1).map((r) => ({ to: r.release.tag, intended: r.intended })),
      { to: 'head', intended: ctx.facts.headPlan },
    ];
    const hops: UpgradeHop[] = path.map((r, i) => ({
      from: r.release.tag,
      to: targets[i]!.to,
      status: 'skip',
      durationMs: 0,
      detail: 'not run',
    }));
    const chained = hops.length > 1;
    const assertions: Assertion[] = [];
    let marker: DataMarker | undefined;
    if (ctx.generic) {
      try {
        const placed = await placeMarker(ctx);
        if ('why' in placed)
          assertions.push({ name: 'data kept', status: 'skip', detail: `${placed.why}: no data to follow across the upgrade` });
        else marker = placed.marker;
      } catch (e) {
        return { ...thrown(e, ctx.signal), hops };
      }
    }
    let served = false;
    for (const [i, hop] of hops.entries()) {
      const started = Date.now();
      let outcome: OpOutcome;
      try {
        outcome = await moveOnce(ctx, hop, targets[i]!.intended, marker);
      } catch (e) {
        outcome = thrown(e, ctx.signal);
      }
      hop.status = outcome.status === 'fail' ? 'fail' : 'pass';
      hop.durationMs = Date.now() - started;
      hop.detail = outcome.reason;
      const label = `${hop.from} → ${hop.to}`;
      assertions.push(...(chained ? outcome.assertions.map((a) => ({ ...a, name: `${label}: ${a.name}` })) : outcome.assertions));
      served = outcome.assertions.some((a) => a.name === 'serving' && a.status === 'pass');
      if (outcome.status !== 'fail') continue;
      for (const later of hops.slice(i + 1)) later.detail = `not run: ${label} failed`;
      if (!chained) return { ...outcome, assertions, hops };
      const failure = outcome.failure && { ...outcome.failure, event: `hop ${label}: ${outcome.failure.event ?? outcome.reason}` };
      return { ...outcome, reason: `hop ${label}: ${outcome.reason}`, assertions, hops, ...(failure ? { failure } : {}) };
    }
    const last = hops.at(-1)!.detail;
    const route = chained
      ? `${[...hops.map((h) => h.from), ctx.facts.headPlan.version ?? 'head'].join(' → ')} in place, ${hops.length} hops`
      : last;
    return { ...pass(chained ? `${route}${served ? '; serving' : ''}` : route, assertions), hops };
  },
};

/** One hop: the redeploy and everything that proves the app is on the target and kept its data. */
async function moveOnce(ctx: OpContext, hop: UpgradeHop, intended: DeployPlan, marker: DataMarker | undefined): Promise<OpOutcome> {
  let up;
  try {
    up = await ctx.deploys.upgrade(ctx.signal);
  } catch (e) {
    return rejected(e);
  }
  const added = up.addedKeys.length ? `; env keys added from ${hop.to}'s .env.sample: ${up.addedKeys.join(', ')}` : '';
  const assertions: Assertion[] = [{ name: 'deployed', status: 'pass', detail: `${hop.from} → ${hop.to}${added}` }];
  const conv = await converged(ctx, up.since, up.plan.wait);
  if (conv.failed) return { ...conv.failed, assertions: [...assertions, ...conv.failed.assertions] };
  assertions.push(conv.assertion);

  if (!ctx.generic) {
    assertions.push(genericSkipped('images'), genericSkipped('version label'), (await serving(ctx)).assertion);
    return pass(`${hop.from} → ${hop.to} in place (generic assertions skipped)`, assertions);
  }
  // Held to what the target intends (its compose files with its own .env.sample), not to what this
  // app's env file made of them: an image tag read from the env file stays at the base's value.
  const services = await ctx.backend.services();
  const wrong = Object.entries(intended.images)
    .map(([name, image]) => ({ name, image, running: services.find((s) => s.name === name)?.image }))
    .filter((s) => s.running !== s.image);
  if (wrong.length) {
    const detail = wrong.map((s) => `${s.name} runs ${s.running ?? 'nothing'}, ${hop.to} declares ${s.image}`).join('; ');
    return fail(`not on ${hop.to}'s images: ${detail}`, [...assertions, { name: 'images', status: 'fail', detail }], {
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
      const detail = `${label} is ${deployed ?? 'missing'}, ${hop.to} declares ${intended.version}`;
      return fail(detail, [...assertions, { name: 'version label', status: 'fail', detail }], {
        reason: 'upgrade_incomplete',
        event: detail,
      });
    }
    assertions.push({ name: 'version label', status: 'pass', detail: `${label}=${deployed}` });
  } else assertions.push({ name: 'version label', status: 'skip', detail: `${hop.to} declares no ${label} label` });

  const served = await serving(ctx);
  const serve = served.assertion;
  assertions.push(serve);
  if (serve.status === 'fail') return notServing(served, assertions, ' after the upgrade');
  if (marker) {
    const kept = await checkMarker(ctx, marker);
    assertions.push(kept);
    if (kept.status === 'fail') return fail(kept.detail, assertions, { reason: 'data_lost', service: marker.service, event: kept.detail });
  }
  const to = hop.to === 'head' ? (intended.version ?? 'head') : hop.to;
  return pass(`${hop.from} → ${to} in place${serve.status === 'pass' ? '; serving' : ''}`, assertions);
}
