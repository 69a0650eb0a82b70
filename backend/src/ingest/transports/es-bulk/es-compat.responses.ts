import { createHash } from 'node:crypto';

/** The documents an Elasticsearch 8 node answers to the requests Beats, Logstash and Fluent Bit make at start. */

const clusterUuid = createHash('sha256').update('vigie').digest('base64url').slice(0, 22);
const buildDate = '2024-12-11T12:08:05.663969764Z';

export function esInfo(version: string) {
  return {
    name: 'vigie',
    cluster_name: 'vigie',
    cluster_uuid: clusterUuid,
    version: {
      number: version,
      build_flavor: 'default',
      build_type: 'docker',
      build_hash: 'vigie',
      build_date: buildDate,
      build_snapshot: false,
      lucene_version: '9.12.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

const issued = Date.parse('2024-01-01T00:00:00Z');

export function esLicense() {
  return {
    license: {
      status: 'active',
      uid: clusterUuid,
      type: 'basic',
      issue_date: new Date(issued).toISOString(),
      issue_date_in_millis: issued,
      max_nodes: 1000,
      max_resource_units: null,
      issued_to: 'vigie',
      issuer: 'elasticsearch',
      start_date_in_millis: -1,
    },
  };
}

export function esXpack(version: string) {
  const feature = { available: true, enabled: true };
  return {
    build: { hash: 'vigie', date: buildDate },
    license: { uid: clusterUuid, type: 'basic', mode: 'basic', status: 'active' },
    features: {
      ilm: feature,
      monitoring: feature,
      security: { available: true, enabled: false },
      data_streams: feature,
      version,
    },
    tagline: 'You know, for X',
  };
}

export function esError(status: number, type: string, reason: string) {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

/** GET answers for the setup probes (templates, ILM policies, pipelines): "it exists", so clients skip installing. */
export function esResourceExists(kind: string, name: string): unknown {
  switch (kind) {
    case '_index_template':
      return {
        index_templates: [
          {
            name,
            index_template: { index_patterns: [`${name}*`], composed_of: [], template: {}, data_stream: {} },
          },
        ],
      };
    case '_component_template':
      return { component_templates: [{ name, component_template: { template: {} } }] };
    case '_template':
      return { [name]: { order: 0, index_patterns: [`${name}*`], settings: {}, mappings: {}, aliases: {} } };
    case '_ilm/policy':
      return {
        [name]: {
          version: 1,
          modified_date: new Date(issued).toISOString(),
          policy: { phases: { hot: { min_age: '0ms', actions: {} } } },
        },
      };
    case '_ingest/pipeline':
      return { [name]: { description: 'accepted by Vigie; not run', processors: [] } };
    case '_data_stream':
      return {
        data_streams: [
          {
            name,
            timestamp_field: { name: '@timestamp' },
            indices: [],
            generation: 1,
            status: 'GREEN',
            template: name,
          },
        ],
      };
    default:
      return {};
  }
}
