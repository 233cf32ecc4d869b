import { warrantyDialog } from '../../dialogs/warranty/warranty-dialog.js';
import { LockCareError } from '../errors.js';
import type { FeatureSetup, SetupContext } from '../setup-context.js';
import { resolveContentPath, SAMPLE_REGISTRY_FILE } from './content-path.js';
import { loadPolicies } from './policy-loader.js';
import { describeBadRows, readRegistryFile } from './registry-file.js';
import { RegistryWatch } from './registry-watch.js';
import { createWarrantyService, type WarrantyService } from './warranty-service.js';

/**
 * Load a registry file into the store at start-up: REGISTRY_FILE when set, else the sample
 * registry when SAMPLE_DATA is on — unless a registry was already imported into this store
 * with `lockcare registry import` (so sample rows never mix into a real Redis registry).
 * A bad row stops start-up: a half-loaded registry would give wrong answers about money.
 */
export async function loadStartupRegistry(ctx: SetupContext, service: WarrantyService): Promise<{ file: string; rows: number } | null> {
  const { registryFile } = ctx.config.warranty;
  const file = registryFile ? resolveContentPath(registryFile) : ctx.config.sampleData ? SAMPLE_REGISTRY_FILE : undefined;
  if (!file) return null;
  if (!registryFile) {
    const meta = await service.registry.meta();
    if (meta && meta.source !== SAMPLE_REGISTRY_FILE) {
      ctx.logger.info({ registry: meta.source, rows: meta.rows }, 'warranty registry already imported; sample registry not loaded');
      return null;
    }
  }
  const loaded = await importRegistryFile(ctx, service, file);
  ctx.logger.info({ registry: file, rows: loaded.rows }, 'warranty registry loaded');
  return loaded;
}

/** Read, check and import one registry file (at start-up, and again when Redis has lost it). */
async function importRegistryFile(ctx: SetupContext, service: WarrantyService, file: string): Promise<{ file: string; rows: number }> {
  const parsed = await readRegistryFile(file, service.policies);
  if (parsed.bad.length > 0) {
    throw new LockCareError('E_CONTENT', `Registry file ${file} has ${parsed.bad.length} bad rows:\n  ${describeBadRows(parsed, 10).join('\n  ')}`);
  }
  const rows = await service.registry.importRows(parsed.rows, { source: file, now: ctx.clock.now() });
  return { file, rows };
}

/** The warranty feature: policies, registry, verification limits and the `warranty` dialog. */
export async function createWarrantyFeature(ctx: SetupContext): Promise<FeatureSetup> {
  const policiesDir = resolveContentPath(ctx.config.warranty.policiesDir);
  const policies = loadPolicies(policiesDir);
  const service = createWarrantyService({ store: ctx.store, policies, timeZone: ctx.config.warranty.timeZone });
  const loaded = await loadStartupRegistry(ctx, service);
  // A registry imported earlier with `lockcare registry import` counts as configured too.
  const configured = loaded !== null || (await service.registry.meta()) !== null;
  const watch = configured
    ? new RegistryWatch({
        store: ctx.store,
        registry: service.registry,
        logger: ctx.logger,
        intervalMs: ctx.config.warranty.checkMs,
        ...(loaded ? { reload: async () => (await importRegistryFile(ctx, service, loaded.file)).rows } : {}),
      })
    : undefined;
  if (configured) service.registry.expectLoaded();
  return {
    feature: { name: 'warranty', dialogs: [warrantyDialog] },
    services: { warranty: service },
    async start() {
      watch?.start();
    },
    async stop() {
      await watch?.stop();
    },
    async ready() {
      const present = watch ? await watch.check() : true;
      const meta = await service.registry.meta().catch(() => null);
      return { warranty: { policies: [...policies.policies.keys()], registryRows: meta?.rows ?? 0, ...(present ? {} : { registry: 'missing' }) } };
    },
    // Checks now (and reloads when it can): /readyz must not wait for the next interval to say so.
    notReady: async () => (watch && !(await watch.check()) ? 'warranty registry missing from the store; reloading' : undefined),
    banner: () => (loaded ? [`Warranty registry: ${loaded.rows} products from ${loaded.file}`] : []),
  };
}
