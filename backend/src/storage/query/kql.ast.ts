/** The KQL subset Vigie understands, as a tree both stores compile from. */
export type KqlNode =
  | { type: 'all' }
  | { type: 'and'; children: KqlNode[] }
  | { type: 'or'; children: KqlNode[] }
  | { type: 'not'; child: KqlNode }
  /** `field:value`; `field` undefined = free text over `event.original` and `message`. */
  | { type: 'match'; field?: string; value: string; wildcard: boolean }
  | { type: 'range'; field: string; gt?: string; gte?: string; lt?: string; lte?: string }
  | { type: 'exists'; field: string };

/** Fields searched by a field-less term. */
export const FREE_TEXT_FIELDS = ['event.original', 'message'] as const;

export const isNumeric = (v: string): boolean => /^-?\d+(\.\d+)?$/.test(v);
