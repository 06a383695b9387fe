import type { RunEvents } from './events';
import type { Overlays } from '../overlays/overlays';

/** The customization manifest, printed at the start (and stored in results.json). */
export function announceCustomization(overlays: Overlays, events: RunEvents): void {
  const found = overlays.manifest.filter((m) => m.source !== 'built-in' || !m.used);
  if (found.length === 0) events.info('customization: none (generic suite only)');
  for (const m of found)
    events.info(`customization: ${m.path ?? m.item} (${m.source}) ${m.used ? 'used' : 'not used'}${m.note ? `: ${m.note}` : ''}`);
  for (const w of overlays.warnings) events.warn(w);
  const skipped = overlays.config['skip-generic'] ?? [];
  if (skipped.length)
    events.warn(`generic assertions are OFF for ${skipped.join(', ')} (config.yml skip-generic): only the overlay's tests judge them`);
}
