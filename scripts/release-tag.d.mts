// Types for scripts/release-tag.mjs.
export function parseReleaseTag(tag: string): { version: string; major: string; prerelease: boolean };
export function movesMajor(tag: string, existingTags: string[]): boolean;
export function releaseOutputs(tag: string, packageVersion: string, existingTags: string[]): string;
