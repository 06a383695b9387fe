// Types for scripts/licenses.mjs (plain JavaScript so build.mjs runs on Node 20 without a compile step).
export interface Metafile {
  outputs: Record<
    string,
    { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }
  >;
}
export interface InstalledPackage {
  dir: string;
  name: string;
  version: string;
  license: string | undefined;
  files: { name: string; text: string }[];
}
export interface BundledPackage extends InstalledPackage {
  dirs: string[];
  bundles: string[];
}
export const LICENSE_FILE: RegExp;
export function packageDirOf(inputPath: string): string | undefined;
export function packagesByBundle(metafile: Metafile, outdir: string, entryPoints: string[]): Map<string, Set<string>>;
export function declaredLicense(pkg: { license?: unknown; licenses?: unknown }): string | undefined;
export function readPackage(dir: string): InstalledPackage;
export function collectPackages(byBundle: Map<string, Set<string>>, read: (dir: string) => InstalledPackage): BundledPackage[];
export function licenseProblems(packages: BundledPackage[], reviewed: Record<string, string>): string[];
export function renderNotices(packages: BundledPackage[], reviewed: Record<string, string>): string;
export function byCodeUnit(a: string, b: string): number;
