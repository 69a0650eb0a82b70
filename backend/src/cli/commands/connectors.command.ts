/**
 * `vigie connectors list [--json]`: the connectors Vigie ships, with the Sigma logsources they feed, the input
 * formats they read and the Elastic fixtures they answer to.
 */
import type { Command } from 'commander';
import { connectors, type Connector } from '@vigie/connectors';

export interface ConnectorListing {
  id: string;
  name: string;
  logsources: { product: string | null; category: string | null; service: string | null }[];
  formats: string[];
  elastic_fixtures: string[];
}

/** The stable JSON shape of one connector (absent logsource parts are `null`). */
export function connectorListing(list: readonly Connector[] = connectors): ConnectorListing[] {
  return [...list]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((c) => ({
      id: c.id,
      name: c.name,
      logsources: c.logsources.map((l) => ({
        product: l.product ?? null,
        category: l.category ?? null,
        service: l.service ?? null,
      })),
      formats: [...c.formats],
      elastic_fixtures: [...c.elasticFixtures],
    }));
}

function logsourceText(l: ConnectorListing['logsources'][number]): string {
  return [l.product, l.category, l.service].map((v) => v ?? '-').join('/');
}

/** A plain-text table: id, name, formats, logsources. */
export function connectorTable(rows: ConnectorListing[]): string {
  const sources = (r: ConnectorListing) =>
    r.logsources.slice(0, 3).map(logsourceText).join(' ') +
    (r.logsources.length > 3 ? ` (+${r.logsources.length - 3})` : '');
  const cells = rows.map((r) => [r.id, r.name, r.formats.join(','), sources(r)]);
  const head = ['ID', 'NAME', 'FORMATS', 'SIGMA LOGSOURCES (product/category/service)'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('  ');
  return (
    [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') +
    `\n${rows.length} connectors\n`
  );
}

export function registerConnectorsCommand(program: Command): void {
  const cmd = program.command('connectors').description('log-source connectors');
  cmd
    .command('list')
    .description('list the connectors: id, name, Sigma logsources, input formats, Elastic fixtures')
    .option('--json', 'print a JSON array')
    .action((opts: { json?: boolean }) => {
      const rows = connectorListing();
      process.stdout.write(opts.json ? JSON.stringify(rows) + '\n' : connectorTable(rows));
    });
}
