/**
 * Recorded attacks from the OTRF Security-Datasets corpus (`../shared/corpora/otrf-security-datasets/host`), read
 * the way `vigie parse`/`vigie import` read them (zip → records → auto-detected connector → ECS), then matched by
 * the starter pack with the sigma-ts `ecs` pipeline: each dataset fires the rules written for its technique.
 */
import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SigmaEngine, compileRuleSet, listFiles, loadRuleSet } from 'sigma-ts';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/cli/commands/parse.command.js';

const OTRF = fileURLToPath(
  new URL('../../../../shared/corpora/otrf-security-datasets/host', import.meta.url),
);
const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url));
if (!existsSync(OTRF)) console.warn(`SKIPPED: OTRF corpus not found at ${OTRF}`);

const EXPECTED: Record<string, string[]> = {
  psh_lsass_memory_dump_comsvcs: ['LSASS dump through comsvcs.dll MiniDump'],
  empire_wmic_add_user_backdoor: ['Remote process creation through WMIC'],
  empire_psremoting_stager: [
    'Command run through WinRM (wsmprovhost child)',
    'PowerShell started with an encoded command',
  ],
  empire_shell_reg_dump_sam: ['Credential registry hive saved to a file'],
};

async function firedTitles(engine: SigmaEngine, zip: string): Promise<Set<string>> {
  const out = new PassThrough();
  const lines: string[] = [];
  let buf = '';
  out.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  await parseFile(zip, { options: {}, out, err: new PassThrough().resume() });
  out.end();
  if (buf) lines.push(buf);
  const titles = new Set<string>();
  for (const l of lines) for (const m of engine.match(JSON.parse(l))) titles.add(m.rule.title);
  return titles;
}

describe.skipIf(!existsSync(OTRF))('OTRF recorded attacks against the starter pack', () => {
  const files = listFiles([RULES_DIR], ['.yml'])
    .filter(
      (p) => !p.endsWith('.tests.yml') && !p.endsWith('risk-catalogue.yml') && !/[\\/]baselines[\\/]/.test(p),
    )
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const engine = compileRuleSet(loadRuleSet(files, { pipeline: 'ecs' }), { pipeline: 'ecs' });

  it.each(Object.entries(EXPECTED))(
    '%s fires its rules',
    async (name, rules) => {
      const titles = await firedTitles(engine, `${OTRF}/${name}.zip`);
      for (const r of rules) expect([...titles], r).toContain(r);
    },
    60_000,
  );
});
