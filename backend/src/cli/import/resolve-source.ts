import { connectorIds, getConnector, type Connector } from '@vigie/connectors';

/** The connector named by `--source`, or undefined for `--auto`; unusable arguments fail with a clear message. */
export function resolveSource(opts: { source?: string; auto?: boolean }): Connector | undefined {
  if (opts.auto && opts.source && opts.source !== 'auto')
    throw new Error('give either --source <id> or --auto, not both');
  if (opts.auto || opts.source === 'auto') return undefined;
  if (!opts.source) throw new Error('missing --source <id> (or --auto); see `vigie connectors list`');
  const c = getConnector(opts.source);
  if (!c) throw new Error(`unknown source "${opts.source}"; known sources: ${connectorIds().join(', ')}`);
  return c;
}
