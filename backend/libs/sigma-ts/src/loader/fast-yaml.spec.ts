import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseSigmaYaml } from './fast-yaml.js';

const reference = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((v) => v !== null);
const same = (text: string) => {
  const got = parseSigmaYaml(text);
  expect(got, 'fast path declined').not.toBeNull();
  expect(got!.filter((v) => v !== null)).toEqual(reference(text));
};

describe('parseSigmaYaml (Sigma YAML subset)', () => {
  it('reads a typical rule exactly like the yaml package', () => {
    same(`title: Suspicious Thing # comment
id: 5f1b6a40-0000-4000-8000-000000000001
status: test
description: |
    Detects a thing.
    Second line.
references:
    - https://example.org/a#b
author: Someone, Other (Org)
date: 2024-01-02
tags:
    - attack.execution
logsource:
    category: process_creation
    product: windows
detection:
    selection_img:
        - Image|endswith: '\\cmd.exe'
        - OriginalFileName: 'Cmd.Exe'
    selection_cli:
        CommandLine|contains|all:
            - ' /c '
            - "echo \\"x\\""
        EventID: 4688
        Number: -1.5e3
        Flag: true
        Empty:
        Nothing: null
        Quote: 'it''s'
    keywords: ['a', "b", c]
    condition: all of selection_* and not keywords
falsepositives:
    - Unknown
level: high
`);
  });
  it('handles multi-documents, folded plain scalars and block scalar chomping', () => {
    same(`title: a
description: a long
  folded line

  with a paragraph
---
title: b
text: >-
  folded
  text
keep: |+
  kept

---
- - nested
  - seq
- key: v
  other: w
`);
  });
  it('declines what it does not support, so the caller uses the full parser', () => {
    expect(parseSigmaYaml('a: &x 1\nb: *x\n')).toBeNull();
    expect(parseSigmaYaml('a: !!str 1\n')).toBeNull();
    expect(parseSigmaYaml("a: 'multi\n  line'\n")).toBeNull();
    expect(parseSigmaYaml('a: 1\na: 2\n')).toBeNull();
    expect(parseSigmaYaml('a:\n\t- x\n')).toBeNull();
    expect(parseSigmaYaml('a: b: c\n')).toBeNull();
  });
});
