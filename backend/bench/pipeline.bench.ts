/**
 * Pipeline benchmark (`npm run bench -- pipeline [--json]`); the measurements are in pipeline-run.ts.
 *
 * The bench loads the NestJS application, whose parameter decorators need the backend's tsconfig
 * (`experimentalDecorators`); `npm run bench` starts tsx with the repository root's. So the run module is imported
 * through a tsx loader of its own, registered with backend/tsconfig.json (as bin/vigie.js does for the CLI).
 */
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

export async function run(args: string[]): Promise<void> {
  const api = register({
    namespace: 'vigie-pipeline-bench',
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
  });
  try {
    const mod = (await api.import(
      './pipeline-run.ts',
      import.meta.url,
    )) as typeof import('./pipeline-run.js');
    await mod.run(args);
  } finally {
    await api.unregister();
  }
}
