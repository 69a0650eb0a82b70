/** Hunting: a Sigma rule (converted by sigma-ts to the store's query language) or a KQL query over stored history. */
import { ErrorCode, VigieError } from '../common/errors.js';
import { parseSigma } from '../detection/rules.service.js';
import type { EventPage, StoragePort } from '../storage/storage.port.js';

export interface HuntRequest {
  sigma?: string;
  kql?: string;
  from?: string;
  to?: string;
  size?: number;
  cursor?: string;
}

export interface HuntResult extends EventPage {
  language: 'sigma' | 'kql';
  rule?: { id: string; title: string };
}

export class HuntService {
  constructor(private readonly storage: StoragePort) {}

  async hunt(tenant: string, req: HuntRequest): Promise<HuntResult> {
    if ((req.sigma === undefined) === (req.kql === undefined)) {
      throw new VigieError(
        ErrorCode.Validation,
        'a hunt takes exactly one of "sigma" (rule YAML) or "kql" (query)',
      );
    }
    const range = { from: req.from, to: req.to, size: req.size ?? 100, cursor: req.cursor };
    if (req.sigma !== undefined) {
      const rule = parseSigma(req.sigma);
      const page = await this.storage.huntSigma(tenant, rule, range);
      return { ...page, language: 'sigma', rule: { id: rule.id, title: rule.title } };
    }
    const page = await this.storage.searchEvents(tenant, { ...range, kql: req.kql });
    return { ...page, language: 'kql' };
  }
}
