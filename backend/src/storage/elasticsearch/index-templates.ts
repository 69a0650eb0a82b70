/**
 * Elasticsearch component and index templates for Vigie. Strings are `keyword` (queried with
 * `case_insensitive: true`, so searches ignore case without lower-casing what analysts see); fields where
 * analysts search substrings (command lines, URLs, paths, raw text) use the `wildcard` type; IPs are keywords
 * so prefix/wildcard searches work the same as in the embedded store.
 */

/** Field paths (globs as in `path_match`) stored as `wildcard` for fast substring search. */
export const WILDCARD_PATHS = [
  'message',
  'event.original',
  '*.command_line',
  '*.executable',
  'file.path',
  'file.target_path',
  'url.original',
  'url.full',
  'url.path',
  'url.query',
  'registry.path',
  'registry.data.strings',
  'powershell.file.script_block_text',
  'winlog.event_data.CommandLine',
  'winlog.event_data.ParentCommandLine',
  'winlog.event_data.ScriptBlockText',
  'user_agent.original',
];

export function ecsComponentTemplate(opts: { wildcard: boolean }) {
  const big = opts.wildcard ? { type: 'wildcard' } : { type: 'keyword', ignore_above: 32766 };
  return {
    template: {
      settings: { 'index.mapping.ignore_malformed': true, 'index.mapping.total_fields.limit': 10000 },
      mappings: {
        date_detection: false,
        numeric_detection: false,
        dynamic_templates: [
          { vigie_wildcard: { match_mapping_type: 'string', path_match: WILDCARD_PATHS, mapping: big } },
          {
            vigie_strings: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 8191 } },
          },
        ],
        properties: {
          '@timestamp': { type: 'date' },
          event: {
            properties: {
              id: { type: 'keyword' },
              created: { type: 'date' },
              ingested: { type: 'date' },
              code: { type: 'keyword' },
            },
          },
          vigie: {
            properties: {
              tenant: { type: 'keyword' },
              connector: { type: 'keyword' },
              raw_size: { type: 'long' },
            },
          },
        },
      },
    },
  };
}

export function eventsIndexTemplate(prefix: string) {
  return {
    index_patterns: [`${prefix}-events-*`],
    data_stream: {},
    priority: 500,
    composed_of: [`${prefix}-ecs-mappings`],
    template: { settings: { number_of_replicas: 0 } },
    _meta: { managed_by: 'vigie' },
  };
}

export function documentsIndexTemplate(prefix: string) {
  return {
    index_patterns: [`${prefix}-docs-*`],
    priority: 500,
    composed_of: [`${prefix}-ecs-mappings`],
    template: {
      settings: { number_of_replicas: 0, refresh_interval: '1s' },
      // Every dynamic number of a document is a double: an array mixing integers and decimals (an alert's
      // evidence `[1, 0.5]`, an autoencoder's normaliser means) is otherwise refused when its first value maps
      // the field as long.
      mappings: {
        dynamic_templates: [
          { vigie_doc_integers: { match_mapping_type: 'long', mapping: { type: 'double' } } },
          { vigie_doc_decimals: { match_mapping_type: 'double', mapping: { type: 'double' } } },
        ],
      },
    },
    _meta: { managed_by: 'vigie' },
  };
}
