/**
 * Elasticsearch `_bulk` NDJSON: action lines (`{"index":{…}}`, `{"create":{…}}`, `{"delete":{…}}`,
 * `{"update":{…}}`) each followed by a source line (except delete). Every action yields one result item, in order,
 * so clients can match the answer to what they sent; a malformed line becomes an item error, never a failed request.
 */

export type BulkAction = 'index' | 'create' | 'delete' | 'update';

export type BulkOp =
  | {
      kind: 'doc';
      action: 'index' | 'create';
      index?: string;
      id?: string;
      doc: Record<string, unknown>;
      raw: string;
    }
  | {
      kind: 'error';
      action: BulkAction;
      index?: string;
      id?: string;
      status: number;
      type: string;
      reason: string;
      raw?: string;
    };

const ACTIONS = new Set<BulkAction>(['index', 'create', 'delete', 'update']);

function parseObject(line: string): Record<string, unknown> | string {
  try {
    const v = JSON.parse(line) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : 'not a JSON object';
  } catch (err) {
    return (err as Error).message;
  }
}

/** `{"index":{…}}` → its action and metadata, or undefined when the line is not an action line. */
function asAction(
  value: Record<string, unknown>,
): { action: BulkAction; meta: Record<string, unknown> } | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || !ACTIONS.has(keys[0] as BulkAction)) return undefined;
  const meta = value[keys[0]];
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
  return { action: keys[0] as BulkAction, meta: meta as Record<string, unknown> };
}

const s = (v: unknown) =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

export function parseBulk(text: string, pathIndex?: string): BulkOp[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const ops: BulkOp[] = [];
  let i = 0;
  const next = (): string | undefined => {
    while (i < lines.length && lines[i].trim() === '') i++;
    return i < lines.length ? lines[i++] : undefined;
  };
  for (let line = next(); line !== undefined; line = next()) {
    const parsed = parseObject(line);
    const act = typeof parsed === 'string' ? undefined : asAction(parsed);
    if (!act) {
      ops.push({
        kind: 'error',
        action: 'index',
        index: pathIndex,
        status: 400,
        type: 'illegal_argument_exception',
        reason:
          typeof parsed === 'string'
            ? `Malformed action/metadata line [${ops.length + 1}]: ${parsed}`
            : `Malformed action/metadata line [${ops.length + 1}], expected one of index, create, delete, update`,
        raw: line,
      });
      // Its source line, if that is what follows, belongs to the broken action.
      const peek = lines.slice(i).find((l) => l.trim() !== '');
      if (peek !== undefined) {
        const p = parseObject(peek);
        if (typeof p === 'string' || !asAction(p)) next();
      }
      continue;
    }
    const index = s(act.meta._index) ?? pathIndex;
    const id = s(act.meta._id);
    if (act.action === 'delete') {
      ops.push({
        kind: 'error',
        action: 'delete',
        index,
        id,
        status: 400,
        type: 'illegal_argument_exception',
        reason: 'Vigie ingests logs: delete is not supported',
      });
      continue;
    }
    const source = next();
    if (act.action === 'update') {
      ops.push({
        kind: 'error',
        action: 'update',
        index,
        id,
        status: 400,
        type: 'illegal_argument_exception',
        reason: 'Vigie ingests logs: update is not supported',
      });
      continue;
    }
    if (source === undefined) {
      ops.push({
        kind: 'error',
        action: act.action,
        index,
        id,
        status: 400,
        type: 'action_request_validation_exception',
        reason: 'Validation Failed: 1: source is missing;',
      });
      continue;
    }
    const doc = parseObject(source);
    if (typeof doc === 'string') {
      ops.push({
        kind: 'error',
        action: act.action,
        index,
        id,
        status: 400,
        type: 'document_parsing_exception',
        reason: `failed to parse: ${doc}`,
        raw: source,
      });
      continue;
    }
    ops.push({ kind: 'doc', action: act.action, index, id, doc, raw: source });
  }
  return ops;
}
