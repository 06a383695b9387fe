/**
 * The one place deploys are counted. cc-ci's contract is one deploy per run (every op after
 * install works on that same deployment); a second one is a bug and fails the run.
 */
export class DeployGuard {
  private deploys = 0;
  private upgrades = 0;

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

  /** The in-place move from base to head: allowed once, and only on a live deployment. */
  beforeUpgrade(): void {
    if (this.deploys !== 1) throw new Error('deploy-count guard: upgrade attempted without a live deployment');
    if (this.upgrades > 0) throw new Error('deploy-count guard: a second upgrade was attempted');
    this.upgrades++;
  }
}
