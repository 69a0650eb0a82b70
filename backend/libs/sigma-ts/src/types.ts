/** Core data types of the Sigma engine: rules after parsing, their detection logic, issues reported while loading. */

/** A problem with one rule: the file it came from, the rule id (when known) and what is wrong. */
export interface Issue {
  path: string;
  id?: string;
  reason: string;
}

/** A Sigma logsource triple. */
export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

/** One value test on a field, after modifiers have been applied. Values are matched case-insensitively unless `cased`. */
export type Pred =
  | { t: 'str'; mode: 'eq' | 'prefix' | 'suffix' | 'contains'; lit: string; cased: boolean }
  | { t: 'glob'; parts: GlobPart[]; cased: boolean }
  | { t: 're'; source: string; flags: string }
  | { t: 'num'; cmp: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { t: 'cidr'; cidr: string }
  | { t: 'exists'; value: boolean }
  | { t: 'null' }
  | { t: 'fieldref'; field: string; mode: 'eq' | 'prefix' | 'suffix' | 'contains'; cased: boolean }
  | { t: 'time'; part: TimePart; value: number }
  | { t: 'not'; p: Pred }
  | { t: 'or'; ps: Pred[] };

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** A glob made of literal text and the wildcards `*` (any run) and `?` (one character). */
export type GlobPart = string | { wild: '*' | '?' };

/** A field test: `field` (null for a keyword search) matched against `items`, joined with OR (default) or AND (`|all`). */
export interface FieldTest {
  kind: 'field';
  field: string | null;
  join: 'or' | 'and';
  items: Pred[];
}

/** Detection logic tree of one search identifier or of the whole condition. */
export type DetectionNode =
  | FieldTest
  | { kind: 'and' | 'or'; children: DetectionNode[] }
  | { kind: 'not'; child: DetectionNode }
  | { kind: 'const'; value: boolean };

export type RuleLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** A parsed Sigma detection rule. */
export interface SigmaRule {
  id: string;
  name?: string;
  title: string;
  level?: RuleLevel;
  status?: string;
  tags: string[];
  logsource: Logsource;
  /** The whole detection, condition resolved into one tree. */
  detection: DetectionNode;
  /** Every Sigma field name used by the detection (fieldref targets included). */
  fields: string[];
  path: string;
  /** The raw YAML document. */
  raw: Record<string, unknown>;
}

/** A parsed Sigma filter (meta filter rule): excludes events matching `detection` from the named rules. */
export interface SigmaFilter {
  id?: string;
  title: string;
  logsource: Logsource;
  rules: string[];
  detection: DetectionNode;
  fields: string[];
  path: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };
