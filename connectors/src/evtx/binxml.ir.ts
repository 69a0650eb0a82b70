/**
 * In-memory tree of one BinXML document (after template instantiation), and of template
 * definitions (with substitution placeholders).
 */
import type { Val } from './binxml.values.js';

/*
 * Node kinds. Hot modules (parser, JSON renderer) keep local copies of these literals: under
 * tsx/vitest transforms every imported binding is a getter call, which showed up at ~20 % of the
 * profile when read per node. The literal types keep the copies honest at compile time.
 */
export const K_ELEM = 1;
export const K_VALUE = 2;
export const K_TEXT = 3;
export const K_CHARREF = 4;
export const K_ENTREF = 5;
export const K_PI = 6;
export const K_SUBST = 7;

export interface Elem {
  k: typeof K_ELEM;
  name: string;
  attrs: Attr[];
  children: Node[];
  hasElem: boolean;
  /** Template definitions only: subtree contains a substitution placeholder. */
  dynamic?: boolean;
}

export interface Attr {
  name: string;
  value: Node[];
}

/** Literal text (CDATA sections are kept as text: JSON renders them the same way). */
export interface TextNode {
  k: typeof K_TEXT;
  text: string;
}

export interface CharRef {
  k: typeof K_CHARREF;
  code: number;
}

export interface EntRef {
  k: typeof K_ENTREF;
  name: string;
}

export interface PiNode {
  k: typeof K_PI;
  target: string;
  data: string;
}

export interface Subst {
  k: typeof K_SUBST;
  id: number;
  type: number;
  optional: boolean;
}

export type Node = Elem | Val | TextNode | CharRef | EntRef | PiNode | Subst;

export function newElem(name: string): Elem {
  return { k: K_ELEM, name, attrs: [], children: [], hasElem: false };
}
