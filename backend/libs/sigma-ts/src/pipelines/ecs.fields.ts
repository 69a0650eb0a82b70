/**
 * Sigma field → ECS field(s), Winlogbeat conventions for Windows, ECS for the other logsources. A list means
 * "first present wins". Windows fields without an entry fall back to `winlog.event_data.<Field>`.
 */

export const WINDOWS_COMMON: Record<string, string[]> = {
  EventID: ['event.code', 'winlog.event_id'],
  Provider_Name: ['winlog.provider_name', 'event.provider'],
  Channel: ['winlog.channel'],
  Computer: ['host.name', 'winlog.computer_name'],
  Security_UserID: ['winlog.user.identifier'],
};

const PROCESS: Record<string, string[]> = {
  Image: ['process.executable'],
  CommandLine: ['process.command_line'],
  ParentImage: ['process.parent.executable'],
  ParentCommandLine: ['process.parent.command_line'],
  ProcessId: ['process.pid'],
  ParentProcessId: ['process.parent.pid'],
  ProcessGuid: ['process.entity_id'],
  ParentProcessGuid: ['process.parent.entity_id'],
  CurrentDirectory: ['process.working_directory'],
  // DOMAIN\\user as Sigma expects it (`User|contains: 'AUTHORI'`); ECS user.name has no domain, so it comes second.
  User: ['winlog.event_data.User', 'user.name'],
  OriginalFileName: ['process.pe.original_file_name'],
  Description: ['process.pe.description'],
  Product: ['process.pe.product'],
  Company: ['process.pe.company'],
  FileVersion: ['process.pe.file_version'],
  // Security 4688 names
  NewProcessName: ['process.executable'],
  ParentProcessName: ['process.parent.executable'],
  NewProcessId: ['process.pid'],
};

const ACTOR_PROCESS: Record<string, string[]> = {
  Image: ['process.executable'],
  ProcessId: ['process.pid'],
  ProcessGuid: ['process.entity_id'],
  // DOMAIN\\user as Sigma expects it (`User|contains: 'AUTHORI'`); ECS user.name has no domain, so it comes second.
  User: ['winlog.event_data.User', 'user.name'],
  CommandLine: ['process.command_line'],
  ParentImage: ['process.parent.executable'],
  ParentCommandLine: ['process.parent.command_line'],
};

const FILE: Record<string, string[]> = { ...ACTOR_PROCESS, TargetFilename: ['file.path'] };

const REGISTRY: Record<string, string[]> = {
  ...ACTOR_PROCESS,
  TargetObject: ['registry.path'],
  Details: ['registry.data.strings'],
  EventType: ['event.action', 'winlog.event_data.EventType'],
};

const IMAGE_LOAD: Record<string, string[]> = {
  ...ACTOR_PROCESS,
  ImageLoaded: ['dll.path', 'file.path'],
  OriginalFileName: ['dll.pe.original_file_name', 'file.pe.original_file_name'],
  Description: ['dll.pe.description', 'file.pe.description'],
  Product: ['dll.pe.product', 'file.pe.product'],
  Company: ['dll.pe.company', 'file.pe.company'],
  Signed: ['dll.code_signature.signed', 'file.code_signature.signed'],
  Signature: ['dll.code_signature.subject_name', 'file.code_signature.subject_name'],
  SignatureStatus: ['dll.code_signature.status', 'file.code_signature.status'],
};

/** Per Windows category. */
export const WINDOWS_CATEGORY: Record<string, Record<string, string[]>> = {
  process_creation: PROCESS,
  process_termination: ACTOR_PROCESS,
  network_connection: {
    ...ACTOR_PROCESS,
    SourceIp: ['source.ip'],
    SourcePort: ['source.port'],
    SourceHostname: ['source.domain'],
    DestinationIp: ['destination.ip'],
    DestinationPort: ['destination.port'],
    DestinationHostname: ['destination.domain'],
    Protocol: ['network.transport'],
  },
  file_event: FILE,
  file_change: FILE,
  file_delete: FILE,
  file_delete_detected: FILE,
  file_access: FILE,
  file_rename: { ...FILE, SourceFilename: ['file.path'] },
  file_executable_detected: FILE,
  file_block: FILE,
  file_block_executable: FILE,
  file_block_shredding: FILE,
  create_stream_hash: FILE,
  raw_access_read: { ...ACTOR_PROCESS, Device: ['file.path'] },
  raw_access_thread: { ...ACTOR_PROCESS, Device: ['file.path'] },
  registry_add: REGISTRY,
  registry_delete: REGISTRY,
  registry_set: REGISTRY,
  registry_rename: { ...REGISTRY, NewName: ['winlog.event_data.NewName'] },
  registry_event: REGISTRY,
  image_load: IMAGE_LOAD,
  driver_load: {
    ImageLoaded: ['file.path', 'dll.path'],
    Signed: ['file.code_signature.signed'],
    Signature: ['file.code_signature.subject_name'],
    SignatureStatus: ['file.code_signature.status'],
  },
  dns_query: {
    ...ACTOR_PROCESS,
    QueryName: ['dns.question.name'],
    QueryResults: ['dns.answers.data', 'winlog.event_data.QueryResults'],
    QueryStatus: ['dns.response_code', 'winlog.event_data.QueryStatus'],
  },
  pipe_created: { ...ACTOR_PROCESS, PipeName: ['file.name'] },
  create_remote_thread: {
    SourceImage: ['process.executable'],
    SourceProcessId: ['process.pid'],
    SourceProcessGuid: ['process.entity_id'],
    SourceUser: ['winlog.event_data.SourceUser', 'user.name'],
  },
  process_access: {
    SourceImage: ['process.executable'],
    SourceProcessId: ['process.pid'],
    SourceProcessGUID: ['process.entity_id'],
    SourceUser: ['winlog.event_data.SourceUser', 'user.name'],
  },
  ps_script: { ScriptBlockText: ['powershell.file.script_block_text'], Path: ['file.path'], ScriptBlockId: ['powershell.file.script_block_id'] },
  ps_module: { Payload: ['winlog.event_data.Payload'], ContextInfo: ['winlog.event_data.ContextInfo'] },
};

/** Per Windows service, when no category names the event. */
export const WINDOWS_SERVICE: Record<string, Record<string, string[]>> = {
  security: {
    IpAddress: ['source.ip'],
    IpPort: ['source.port'],
    WorkstationName: ['source.domain'],
    NewProcessName: ['process.executable'],
    ParentProcessName: ['process.parent.executable'],
    CommandLine: ['process.command_line'],
  },
  sysmon: PROCESS,
  // Defender names its event data with spaces ("Threat Name"); Sigma rules drop them.
  windefend: Object.fromEntries(
    ['Threat ID', 'Threat Name', 'Source Name', 'Process Name', 'Severity Name', 'Category Name', 'Detection User', 'Action Name',
      'Error Code', 'Error Description', 'Origin Name', 'Execution Name', 'Type Name', 'Engine Version', 'Product Version',
      'Detection ID', 'Detection Time', 'Severity ID', 'Category ID', 'FWLink', 'Status Code', 'Status Description',
      'State', 'Source ID', 'Origin ID', 'Execution ID', 'Type ID', 'Action ID', 'Pre Execution Status', 'Remediation User',
      'Signature Version', 'Security intelligence Version', 'Old Value', 'New Value', 'Scan Type', 'Scan Parameters', 'Domain', 'User']
      .filter((k) => k.includes(' '))
      .map((k) => [k.replace(/ /g, ''), [`winlog.event_data.${k}`]]),
  ),
};

/** Non-Windows logsources: category or service → map. Unlisted fields are degraded. */
export const OTHER: Record<string, Record<string, string[]>> = {
  webserver: {
    'cs-uri-query': ['url.query'],
    'cs-uri-stem': ['url.path'],
    'cs-uri': ['url.original'],
    'cs-method': ['http.request.method'],
    'c-ip': ['source.ip'],
    's-ip': ['destination.ip'],
    's-port': ['destination.port'],
    'sc-status': ['http.response.status_code'],
    'cs-user-agent': ['user_agent.original'],
    'cs-referer': ['http.request.referrer'],
    'cs-host': ['url.domain'],
    'cs-version': ['http.version'],
    'cs-username': ['user.name'],
    'cs-content-type': ['http.request.mime_type'],
    'sc-bytes': ['http.response.body.bytes'],
    'cs-bytes': ['http.request.body.bytes'],
  },
  proxy: {
    'c-uri': ['url.original'],
    'c-uri-query': ['url.query'],
    'c-uri-stem': ['url.path'],
    'c-uri-extension': ['url.extension'],
    'c-useragent': ['user_agent.original'],
    'c-ip': ['source.ip'],
    'cs-host': ['url.domain'],
    'cs-method': ['http.request.method'],
    'cs-referrer': ['http.request.referrer'],
    'cs-cookie': ['http.request.cookie'],
    'cs-uri': ['url.original'],
    'r-dns': ['destination.domain'],
    'sc-status': ['http.response.status_code'],
    'cs-bytes': ['http.request.body.bytes'],
    'sc-bytes': ['http.response.body.bytes'],
    dst_ip: ['destination.ip'],
    src_ip: ['source.ip'],
  },
  firewall: {
    src_ip: ['source.ip'],
    dst_ip: ['destination.ip'],
    src_port: ['source.port'],
    dst_port: ['destination.port'],
    action: ['event.action'],
    protocol: ['network.transport'],
    username: ['user.name'],
  },
  dns: {
    query: ['dns.question.name'],
    answer: ['dns.answers.data'],
    record_type: ['dns.question.type'],
    QueryName: ['dns.question.name'],
  },
  process_creation: {
    Image: ['process.executable'],
    CommandLine: ['process.command_line'],
    ParentImage: ['process.parent.executable'],
    ParentCommandLine: ['process.parent.command_line'],
    User: ['user.name'],
    CurrentDirectory: ['process.working_directory'],
    ProcessId: ['process.pid'],
    ParentProcessId: ['process.parent.pid'],
    LogonId: ['process.user.id'],
  },
  network_connection: {
    Image: ['process.executable'],
    CommandLine: ['process.command_line'],
    DestinationIp: ['destination.ip'],
    DestinationPort: ['destination.port'],
    DestinationHostname: ['destination.domain'],
    SourceIp: ['source.ip'],
    SourcePort: ['source.port'],
    User: ['user.name'],
    Initiated: ['network.direction'],
  },
  file_event: { Image: ['process.executable'], TargetFilename: ['file.path'], User: ['user.name'] },
  file_delete: { Image: ['process.executable'], TargetFilename: ['file.path'], User: ['user.name'] },
  cloudtrail: {
    eventSource: ['event.provider'],
    eventName: ['event.action'],
    errorCode: ['aws.cloudtrail.error_code'],
    errorMessage: ['aws.cloudtrail.error_message'],
    sourceIPAddress: ['source.ip'],
    userAgent: ['user_agent.original'],
    awsRegion: ['cloud.region'],
    'userIdentity.arn': ['aws.cloudtrail.user_identity.arn'],
    'userIdentity.type': ['aws.cloudtrail.user_identity.type'],
    'userIdentity.principalId': ['user.id'],
  },
};
