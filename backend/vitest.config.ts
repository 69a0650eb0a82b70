import { vigieVitestConfig } from '../vitest.shared.js';

export default vigieVitestConfig({
  name: 'backend',
  include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'e2e/**/*.spec.ts'],
  timeoutMs: 120_000,
});
