/**
 * Multiline joining for text sources whose events span several physical lines (stack traces, SQL statements,
 * continuation lines): a line that does not look like the start of an event is appended to the previous one.
 */

/** First-line patterns of the sources Vigie knows to write multiline events, by connector id. */
export const MULTILINE_SOURCES: Readonly<Record<string, RegExp>> = {
  // `2024/01/02 10:11:12 [error] …`; continuation lines carry the rest of a long message.
  'nginx-error': /^\d{4}\/\d{2}\/\d{2} /,
  // `2024-01-02 10:11:12.345 UTC [123] LOG: …` followed by `\t`-indented statement lines.
  postgresql: /^\d{4}-\d{2}-\d{2} /,
  // MySQL 5.7+/8 (`2024-01-02T10:11:12.345678Z 0 [Note] …`) and 5.x (`240102 10:11:12 …`) error-log lines.
  'mysql-error':
    /^(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{6} {1,2}\d{1,2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2})/,
  // `[Tue Jan 02 10:11:12.345 2024] [core:error] …`; stack traces and CGI output continue it.
  'apache-error': /^\[/,
};

/** The first-line pattern of a connector id, or undefined when its events are one line each. */
export function multilinePatternFor(connectorId: string | undefined): RegExp | undefined {
  return connectorId === undefined ? undefined : MULTILINE_SOURCES[connectorId];
}

export interface JoinedLine {
  text: string;
  /** 1-based physical line number of the event's first line. */
  line: number;
}

/**
 * Joins physical lines into events: a line matching `firstLine` (or the very first line) starts an event; any
 * other non-empty line is appended to the current event with a `\n`. Empty lines end nothing and are dropped.
 * `maxChars` bounds an event; past it, continuation lines start a new event so memory stays bounded.
 */
export function* joinMultiline(
  lines: Iterable<JoinedLine>,
  firstLine: RegExp,
  maxChars = 1024 * 1024,
): Generator<JoinedLine> {
  let cur: JoinedLine | undefined;
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    if (cur === undefined || firstLine.test(l.text) || cur.text.length + l.text.length + 1 > maxChars) {
      if (cur) yield cur;
      cur = { text: l.text, line: l.line };
    } else cur.text += '\n' + l.text;
  }
  if (cur) yield cur;
}

/** Async variant of {@link joinMultiline} for streamed lines. */
export async function* joinMultilineAsync(
  lines: AsyncIterable<JoinedLine & { tooLong?: number }>,
  firstLine: RegExp,
  maxChars = 1024 * 1024,
): AsyncGenerator<JoinedLine & { tooLong?: number }> {
  let cur: JoinedLine | undefined;
  for await (const l of lines) {
    if (l.tooLong !== undefined) {
      // An over-long physical line is passed on as is (the caller rejects it) and ends the current event.
      if (cur) yield cur;
      cur = undefined;
      yield l;
      continue;
    }
    if (l.text.trim() === '') continue;
    if (cur === undefined || firstLine.test(l.text) || cur.text.length + l.text.length + 1 > maxChars) {
      if (cur) yield cur;
      cur = { text: l.text, line: l.line };
    } else cur.text += '\n' + l.text;
  }
  if (cur) yield cur;
}
