import { createHash } from 'node:crypto';
import type { InputFile } from './walk-inputs.js';

/**
 * Deterministic delivery id of a file: the same path, size and modification time give the same id, so importing
 * the same file again yields the same event ids (and no duplicate events); a changed file gets a new id.
 */
export function fileDeliveryId(file: InputFile): string {
  return (
    'import:' +
    createHash('sha256').update(`${file.path}\0${file.size}\0${file.mtimeMs}`).digest('hex').slice(0, 24)
  );
}
