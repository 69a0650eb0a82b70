/**
 * `vigie assets import|list|show|delete` (and, through `registerDirectoryCommands`, the same for identities):
 * the tenant's asset inventory, through a running server or in-process.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import type { DirectoryKind } from '../../enrichment/directory.model.js';
import { connect, type VigieClient } from '../vigie-client.js';

interface Common {
  tenant?: string;
  url?: string;
  json?: boolean;
}

async function withClient<T>(
  opts: Common,
  fn: (client: VigieClient, tenant: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const client = await connect(config, opts.url);
  try {
    return await fn(client, opts.tenant ?? config.TENANT);
  } finally {
    await client.close();
  }
}

const print = (s: string): void => void process.stdout.write(s + '\n');

export function registerDirectoryCommands(program: Command, kind: DirectoryKind): void {
  const key = kind === 'assets' ? 'host' : 'user';
  const describeEntry = (e: Record<string, unknown>) =>
    kind === 'assets'
      ? `${String(e.host).padEnd(32)} ${String(e.criticality).padEnd(9)} ${String(e.owner ?? '-').padEnd(14)} ${String(e.zone ?? '-').padEnd(10)} ${((e.tags as string[] | undefined) ?? []).join(',')}`
      : `${String(e.user).padEnd(24)} ${String(e.department ?? '-').padEnd(18)} ${e.privileged ? 'privileged' : '          '} ${String(e.title ?? '-').padEnd(24)} ${String(e.manager ?? '-')}`;
  const cmd = program
    .command(kind)
    .description(
      kind === 'assets'
        ? 'asset inventory: host → criticality, owner, zone, tags (enriches events as vigie.asset)'
        : 'identity directory: user → department, title, privileged, manager (enriches events as vigie.identity)',
    );
  const common = (c: Command) =>
    c
      .option('-t, --tenant <tenant>', 'tenant (default: TENANT)')
      .option(
        '--url <url>',
        'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
      )
      .option('--json', 'print JSON');

  common(
    cmd
      .command('import')
      .description(
        `import ${kind} from a CSV (header row) or JSON file; bad rows are reported, good rows imported`,
      )
      .argument('<file>', 'CSV or JSON file')
      .option('--format <format>', 'csv | json (default: from the content)')
      .option('--replace', `replace the whole directory instead of merging by ${key}`),
  ).action(async (file: string, opts: Common & { format?: 'csv' | 'json'; replace?: boolean }) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
    }
    const r = await withClient(opts, (c, tenant) =>
      c.directories.import(tenant, kind, text, {
        format: opts.format,
        mode: opts.replace ? 'replace' : 'merge',
      }),
    );
    if (opts.json) return print(JSON.stringify(r));
    for (const rej of r.rejects) print(`rejected ${file}:${rej.at}: ${rej.reason}`);
    print(
      `${r.imported} ${kind} imported, ${r.rejected} rejected; ${r.total} in the directory (revision ${r.revision})`,
    );
  });

  common(
    cmd
      .command('list')
      .description(`list ${kind}, sorted by ${key}`)
      .option('-q, --filter <text>', 'only entries containing this text in any field')
      .option('-n, --size <n>', 'entries per page', '1000'),
  ).action(async (opts: Common & { filter?: string; size: string }) => {
    await withClient(opts, async (c, tenant) => {
      const items: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      do {
        const page = await c.directories.list(tenant, kind, {
          filter: opts.filter,
          size: Number(opts.size),
          cursor,
        });
        items.push(...(page.items as unknown as Record<string, unknown>[]));
        cursor = page.cursor;
      } while (cursor);
      if (opts.json) return print(JSON.stringify(items));
      for (const e of items) print(describeEntry(e));
      print(`${items.length} ${kind}`);
    });
  });

  common(
    cmd
      .command('show')
      .description(
        `one entry (${kind === 'assets' ? 'case-insensitive, FQDN or short name' : 'DOMAIN\\user and user@domain accepted'})`,
      )
      .argument(`<${key}>`),
  ).action(async (name: string, opts: Common) => {
    const e = await withClient(opts, (c, tenant) => c.directories.get(tenant, kind, name));
    print(opts.json ? JSON.stringify(e) : describeEntry(e as unknown as Record<string, unknown>));
  });

  common(cmd.command('delete').description('remove one entry').argument(`<${key}>`)).action(
    async (name: string, opts: Common) => {
      const r = await withClient(opts, (c, tenant) => c.directories.remove(tenant, kind, name));
      print(opts.json ? JSON.stringify(r) : `${name} removed; ${r.total} left (revision ${r.revision})`);
    },
  );
}

export function registerAssetsCommands(program: Command): void {
  registerDirectoryCommands(program, 'assets');
}
