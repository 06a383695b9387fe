/**
 * The one place deploys are counted. cc-ci's contract is one deploy per run (every op after
 * install works on that same deployment); a second one is a bug and fails the run.
 */
export class DeployGuard {
  private deploys = 0;
  private upgrades = 0;

  /** `hops`: the in-place upgrades the upgrade path allows (one per release on it). */
  constructor(private readonly hops = 1) {}

  get count(): number {
    return this.deploys;
  }

  beforeDeploy(): void {
    if (this.deploys > 0)
      throw new Error(
        `deploy-count guard: a second deploy was attempted (count would be ${this.deploys + 1}); every op must reuse the one deployment`,
      );
    this.deploys++;
  }

  /** The in-place moves along the upgrade path: one per hop, and only on a live deployment. */
  beforeUpgrade(): void {
    if (this.deploys !== 1) throw new Error('deploy-count guard: upgrade attempted without a live deployment');
    if (this.upgrades >= this.hops)
      throw new Error(`deploy-count guard: upgrade ${this.upgrades + 1} was attempted, but the upgrade path has ${this.hops} hop(s)`);
    this.upgrades++;
  }
}
