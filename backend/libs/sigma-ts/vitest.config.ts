import { vigieVitestConfig } from '../../../vitest.shared.js';

export default vigieVitestConfig({ name: 'sigma-ts', timeoutMs: 120_000 });
