import { vigieVitestConfig } from '../vitest.shared.js';

export default vigieVitestConfig({ name: 'connectors', timeoutMs: 120_000 });
