import * as core from '@actions/core';

/**
 * What main hands to post through the runner's saved state (the only channel between the steps
 * besides RUNNER_TEMP): the path of the run's teardown manifest, saved before anything is created.
 */
export const saveManifestPath = (path: string): void => core.saveState('manifest', path);

/** The manifest path main saved, or undefined when main saved none (it never got that far, or died before). */
export const savedManifestPath = (): string | undefined => core.getState('manifest') || undefined;
