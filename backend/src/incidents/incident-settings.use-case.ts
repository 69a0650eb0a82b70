import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoragePort } from '../storage/storage.port.js';
import { STORAGE } from '../tokens.js';
import {
  incidentSettingsSchema,
  loadIncidentSettings,
  SETTINGS_DOC_ID,
  type IncidentSettings,
} from './incident-settings.js';

/** Reads and replaces a tenant's incident settings (grouping entities and window, progression window, SLA targets). */
@Injectable()
export class IncidentSettingsUseCase {
  constructor(@Inject(STORAGE) private readonly storage: StoragePort) {}

  get(tenant: string): Promise<{ settings: IncidentSettings; version: string | null }> {
    return loadIncidentSettings(this.storage, tenant);
  }

  /** `version` is the one read (null when the tenant has never saved settings); a stale one is a conflict. */
  async put(
    tenant: string,
    input: unknown,
    version: string | null,
  ): Promise<{ settings: IncidentSettings; version: string }> {
    const parsed = incidentSettingsSchema.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
      throw new VigieError(ErrorCode.Validation, `invalid incident settings: ${problems.join('; ')}`, {
        problems,
      });
    }
    const saved = await this.storage.putDocument(tenant, 'config', SETTINGS_DOC_ID, parsed.data, {
      ifVersion: version,
    });
    return { settings: saved.doc, version: saved.version };
  }
}
