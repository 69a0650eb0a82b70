/**
 * Render a decoded BinXML tree the way `evtx_dump -o json` does:
 * - attributes under `#attributes` (attributes with empty values are dropped);
 * - an element with only text is its value; text next to attributes/children goes under `#text`;
 * - an element with no text, no attribute and no child is `null`;
 * - a lone int/uint/bool value is a JSON number/boolean, anything else a string;
 * - repeated child names get `_1`, `_2`… suffixes;
 * - inside `EventData`/`UserData`, `<Data Name="X">v</Data>` becomes `"X": v` (empty → `""`), and
 *   unnamed `Data` elements become `"Data": {"#text": v}` or `{"#text": [v1, v2…]}`.
 */
import type { EvtxJson } from './evtx.types.js';
import type { Attr, Elem, Node } from './binxml.ir.js';

// Local copies of the node kinds of binxml.ir.ts (see the note there).
const K_ELEM = 1;
const K_VALUE = 2;
const K_TEXT = 3;
const K_CHARREF = 4;
const K_ENTREF = 5;

type JsonObject = { [key: string]: EvtxJson };

function nonEmpty(n: Node): boolean {
  switch (n.k) {
    case K_TEXT:
      return n.text.length > 0;
    case K_VALUE:
      return !n.empty;
    case K_CHARREF:
    case K_ENTREF:
      return true;
    default:
      return false;
  }
}

function hasText(nodes: Node[]): boolean {
  for (const n of nodes) if (nonEmpty(n)) return true;
  return false;
}

function textOf(nodes: Node[]): string {
  let s = '';
  for (const n of nodes) {
    switch (n.k) {
      case K_TEXT:
        s += n.text;
        break;
      case K_VALUE:
        s += n.text;
        break;
      case K_CHARREF:
        s += `&#${n.code};`;
        break;
      case K_ENTREF:
        s += `&${n.name};`;
        break;
      default:
        break;
    }
  }
  return s;
}

/** A single numeric/bool value renders as a JSON number/boolean; everything else as a string. */
function contentValue(nodes: Node[]): EvtxJson {
  if (nodes.length === 1) {
    const n = nodes[0];
    if (n.k === K_VALUE && n.json !== undefined) return n.json;
  }
  return textOf(nodes).trim();
}

/** Like contentValue, but ignoring child elements and empty nodes (used for `#text`). */
function contentValueSkipElements(nodes: Node[]): EvtxJson {
  let single: Node | undefined;
  let count = 0;
  for (const n of nodes) {
    if (n.k === K_ELEM) continue;
    if (n.k === K_TEXT) {
      if (n.text.length > 0) return textOf(nodes);
      continue;
    }
    if (n.k === K_VALUE) {
      if (n.empty) continue;
      single = n;
      count++;
      continue;
    }
    if (n.k === K_CHARREF || n.k === K_ENTREF) return textOf(nodes);
  }
  if (count === 1 && single !== undefined && single.k === K_VALUE && single.json !== undefined)
    return single.json;
  return textOf(nodes);
}

function attrsHaveText(attrs: Attr[]): boolean {
  for (const a of attrs) if (hasText(a.value)) return true;
  return false;
}

function isDataContainer(name: string): boolean {
  return name === 'EventData' || name === 'UserData';
}

function nameAttr(el: Elem): Node[] | undefined {
  for (const a of el.attrs) if (a.name === 'Name') return a.value;
  return undefined;
}

function elementValue(el: Elem, isContainer: boolean): EvtxJson {
  const text = hasText(el.children);
  const attrText = attrsHaveText(el.attrs);
  if (!el.hasElem && !text && !attrText) return null;
  if (!el.hasElem && !attrText) return contentValue(el.children);
  return elementBody(el, isContainer, text);
}

function dataValue(el: Elem): EvtxJson {
  if (el.hasElem) return elementBody(el, false);
  if (!hasText(el.children)) return '';
  return contentValue(el.children);
}

function elementBody(el: Elem, inDataContainer: boolean, text = hasText(el.children)): JsonObject {
  const obj: JsonObject = {};
  if (el.attrs.length > 0) {
    let attrs: JsonObject | undefined;
    for (const a of el.attrs) {
      if (!hasText(a.value)) continue;
      (attrs ??= {})[a.name] = contentValue(a.value);
    }
    if (attrs !== undefined) obj['#attributes'] = attrs;
  }
  if (text) obj['#text'] = contentValueSkipElements(el.children);

  let flatten = false;
  let positional = 0;
  if (inDataContainer) {
    for (const c of el.children) {
      if (c.k !== K_ELEM || c.name !== 'Data') continue;
      positional++;
      const n = nameAttr(c);
      if (n !== undefined && hasText(n)) flatten = true;
    }
    if (flatten) positional = 0;
  }

  let positionalDone = false;
  for (const c of el.children) {
    if (c.k !== K_ELEM) continue;
    if (inDataContainer && c.name === 'Data') {
      if (flatten) {
        const n = nameAttr(c);
        if (n === undefined || !hasText(n)) continue;
        obj[textOf(n)] = dataValue(c);
      } else if (!positionalDone && positional > 0) {
        positionalDone = true;
        let text: EvtxJson;
        if (positional === 1) text = dataValue(c);
        else {
          const list: EvtxJson[] = [];
          for (const d of el.children) if (d.k === K_ELEM && d.name === 'Data') list.push(dataValue(d));
          text = list;
        }
        obj['Data'] = { '#text': text };
      }
      continue;
    }
    let key = c.name;
    // Repeated names get `_1`, `_2`… suffixes.
    if (Object.hasOwn(obj, key)) {
      let i = 1;
      while (Object.hasOwn(obj, `${key}_${i}`)) i++;
      key = `${key}_${i}`;
    }
    obj[key] = elementValue(c, isDataContainer(c.name));
  }
  return obj;
}

/** `{ <root name>: value }` for the document root, e.g. `{ Event: {…} }`. */
export function renderRecordJson(root: Elem): JsonObject {
  return { [root.name]: elementValue(root, false) };
}

/** Serialise evtx JSON compactly (JSON.stringify with exact bigints). */
export function stringifyEvtxJson(value: EvtxJson, indent?: number): string {
  let hasBig = false;
  const out = JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') {
        hasBig = true;
        return `\u0000big:${v.toString()}\u0000`;
      }
      return v;
    },
    indent,
  );
  return hasBig ? out.replace(/"\\u0000big:(-?\d+)\\u0000"/g, '$1') : out;
}
