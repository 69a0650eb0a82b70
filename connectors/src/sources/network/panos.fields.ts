/**
 * Field order of the PAN-OS syslog CSV formats, per Palo Alto Networks' "Syslog Field Descriptions"
 * (PAN-OS 10.x; later versions only append fields). `_` marks FUTURE_USE positions.
 */
const HEAD = ['_', 'receive_time', 'serial', 'type', 'subtype', '_', 'generated_time'];

const SESSION = [
  'src', 'dst', 'natsrc', 'natdst', 'rule', 'srcuser', 'dstuser', 'app', 'vsys', 'from', 'to', 'inbound_if',
  'outbound_if', 'logset', '_', 'sessionid', 'repeatcnt', 'sport', 'dport', 'natsport', 'natdport', 'flags', 'proto', 'action',
];

export const PANOS_FIELDS: Record<string, string[]> = {
  TRAFFIC: [
    ...HEAD, ...SESSION,
    'bytes', 'bytes_sent', 'bytes_received', 'packets', 'start', 'elapsed', 'category', '_', 'seqno', 'actionflags',
    'srcloc', 'dstloc', '_', 'pkts_sent', 'pkts_received', 'session_end_reason', 'dg_hier_level_1', 'dg_hier_level_2',
    'dg_hier_level_3', 'dg_hier_level_4', 'vsys_name', 'device_name', 'action_source', 'src_uuid', 'dst_uuid',
    'tunnelid', 'monitortag', 'parent_session_id', 'parent_start_time', 'tunnel', 'assoc_id', 'chunks', 'chunks_sent',
    'chunks_received', 'rule_uuid', 'http2_connection',
  ],
  THREAT: [
    ...HEAD, ...SESSION,
    'misc', 'threatid', 'category', 'severity', 'direction', 'seqno', 'actionflags', 'srcloc', 'dstloc', '_',
    'contenttype', 'pcap_id', 'filedigest', 'cloud', 'url_idx', 'user_agent', 'filetype', 'xff', 'referer', 'sender',
    'subject', 'recipient', 'reportid', 'dg_hier_level_1', 'dg_hier_level_2', 'dg_hier_level_3', 'dg_hier_level_4',
    'vsys_name', 'device_name', '_', 'src_uuid', 'dst_uuid', 'http_method', 'tunnel_id', 'monitortag',
    'parent_session_id', 'parent_start_time', 'tunnel', 'thr_category', 'contentver', '_', 'assoc_id', 'ppid',
    'http_headers', 'url_category_list', 'rule_uuid', 'http2_connection',
  ],
  SYSTEM: [
    ...HEAD,
    'vsys', 'eventid', 'object', '_', '_', 'module', 'severity', 'opaque', 'seqno', 'actionflags', 'dg_hier_level_1',
    'dg_hier_level_2', 'dg_hier_level_3', 'dg_hier_level_4', 'vsys_name', 'device_name',
  ],
  CONFIG: [
    ...HEAD,
    'host', 'vsys', 'cmd', 'admin', 'client', 'result', 'path', 'before_change_detail', 'after_change_detail', 'seqno',
    'actionflags', 'dg_hier_level_1', 'dg_hier_level_2', 'dg_hier_level_3', 'dg_hier_level_4', 'vsys_name', 'device_name',
  ],
  GLOBALPROTECT: [
    ...HEAD,
    'vsys', 'eventid', 'stage', 'auth_method', 'tunnel_type', 'srcuser', 'srcregion', 'machinename', 'public_ip',
    'public_ipv6', 'private_ip', 'private_ipv6', 'hostid', 'serialnumber', 'client_ver', 'client_os', 'client_os_ver',
    'repeatcnt', 'reason', 'error', 'opaque', 'status', 'location', 'login_duration', 'connect_method', 'error_code',
    'portal', 'seqno', 'actionflags',
  ],
};
