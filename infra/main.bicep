// ml-connector on Azure: a Flex Consumption Python function app reaching its storage, Key Vault and
// Application Insights with its own managed identity, plus the alerts and workbook an EDI team watches.
// Deploy into a resource group: az deployment group create -g <rg> -f infra/main.bicep -p @infra/main.parameters.json
targetScope = 'resourceGroup'

// ---- naming and placement

@description('Short name of this installation, e.g. mlc-prod; resource names are built from it (3-12 letters, digits or hyphens).')
@minLength(3)
@maxLength(12)
param baseName string

@description('Azure region; defaults to the resource group\'s. It must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Tags put on every resource, e.g. {"owner": "edi-team", "environment": "prod"}.')
param tags object = {}

// ---- function app

@description('Python version of the Functions worker. The package is built and tested on 3.11.')
@allowed([
  '3.11'
])
param pythonVersion string = '3.11'

@description('Most instances the app scales out to. Low on purpose: Dynamics throttles per app registration, and more instances only meet more 429s.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('NCRONTAB schedule (six fields, UTC: Flex has no WEBSITE_TIME_ZONE) of the Sterling mailbox poll.')
param sterlingPollSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the Dynamics sweep for documents without business events.')
param dynamicsSweepSchedule string = '0 */15 * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the check that reports overdue acknowledgments (ack.overdue).')
param ackOverdueSchedule string = '0 0 * * * *'

@description('Path of the partner file inside the deployed package (the package is mounted at /home/site/wwwroot).')
param partnersFile string = '/home/site/wwwroot/config/partners.toml'

// ---- Dynamics 365 Finance & Operations

@description('Environment URL, e.g. https://contoso.operations.dynamics.com (no path; the token audience).')
param dynamicsEnvUrl string

@description('Directory (tenant) id of the Dynamics environment\'s Entra tenant.')
param dynamicsTenantId string

@description('Application (client) id of the connector\'s app registration, also entered in Dynamics\' Microsoft Entra applications form.')
param dynamicsClientId string

@description('Legal entities (dataAreaId) the connector trades for, comma separated, e.g. usmf or usmf,demf.')
param dynamicsLegalEntities string

@description('Domains the environment URL may be under; the token is never sent elsewhere.')
param dynamicsAllowedHostSuffixes string = '.dynamics.com,.dynamics.us,.dynamics.cn'

@description('Client secret of the app registration, stored in Key Vault as dynamics-client-secret. Leave empty to set it with az keyvault secret set instead (recommended).')
@secure()
param dynamicsClientSecret string = ''

@description('Our own second secret in the business events URL (?token=), at least 32 random characters, stored in Key Vault as events-url-token. Leave empty to set it with az keyvault secret set instead (recommended).')
@secure()
param eventsUrlToken string = ''

// ---- Sterling B2B Integrator

@description('Sterling REST API host and Liberty HTTPS port (base port + 75), e.g. https://b2bi.example.com:5075.')
param sterlingBaseUrl string

@description('How the connector signs in to Sterling: basic (API user and password) or oauth (client credentials).')
@allowed([
  'basic'
  'oauth'
])
param sterlingAuth string = 'basic'

@description('Sterling API user (basic): a dedicated user with the API User permission and the partner mailboxes\' permissions.')
param sterlingUser string = ''

@description('Password of the Sterling API user, stored in Key Vault as sterling-password. Leave empty to set it with az keyvault secret set instead (recommended).')
@secure()
param sterlingPassword string = ''

@description('OAuth token endpoint (oauth only).')
param sterlingTokenUrl string = ''

@description('OAuth client id (oauth only).')
param sterlingClientId string = ''

@description('OAuth scope (oauth only; empty sends none).')
param sterlingScope string = ''

@description('OAuth client secret (oauth only), stored in Key Vault as sterling-client-secret. Leave empty to set it with az keyvault secret set instead.')
@secure()
param sterlingClientSecret string = ''

@description('Path of a PEM bundle, deployed with the package, that signs Sterling\'s certificate when it is not publicly trusted; empty uses the system store.')
param sterlingCaBundle string = ''

// ---- secrets, monitoring, alerts

@description('Seconds the app keeps a secret read from Key Vault; a rotated secret is used at the latest this long after the new version is set.')
@minValue(30)
@maxValue(3600)
param secretCacheTtlSeconds int = 300

@description('Key Vault purge protection. Cannot be turned off again once on; keep it on in production.')
param enablePurgeProtection bool = true

@description('Optional object id of the operators\' Entra group: Key Vault Secrets Officer (rotation) and the storage data roles ml-connector failures / audit / replay need. Empty grants nothing.')
param operatorsPrincipalId string = ''

@description('Principal type of operatorsPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorsPrincipalType string = 'Group'

@description('Days Log Analytics keeps telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Days a deleted payload blob can be restored.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 30

@description('Resource id of an existing action group the alerts notify; empty creates one from alertEmailAddresses.')
param actionGroupResourceId string = ''

@description('E-mail addresses notified by a new action group (used only when actionGroupResourceId is empty).')
param alertEmailAddresses array = []

// Only the look-back windows log alerts accept.
@description('Minutes without a completed Sterling poll before the polling-stopped alert fires (several poll intervals).')
@allowed([
  15
  30
  45
  60
  120
  180
  240
  360
])
param pollSilenceMinutes int = 30

// Only the look-back windows log alerts accept.
@description('Minutes without a completed Dynamics sweep before the sweep-stopped alert fires.')
@allowed([
  15
  30
  45
  60
  120
  180
  240
  360
])
param sweepSilenceMinutes int = 60

@description('Dynamics throttling alert: how many of the last six 5-minute intervals must contain throttling.')
@minValue(1)
@maxValue(6)
param throttledIntervalsThreshold int = 4

// ---- names

var token = toLower(uniqueString(subscription().id, resourceGroup().id, baseName))
var compactBase = toLower(replace(baseName, '-', ''))
var functionAppName = 'func-${baseName}-${token}'
var storageAccountName = take('st${compactBase}${token}', 24)
var keyVaultName = take('kv-${baseName}-${token}', 24)
var deploymentContainerName = 'app-package-${take(token, 8)}'

// The connector's state layout (shared/state/config.py defaults, and the tables shared/state/factory.py opens).
var stateTablePrefix = 'mlc'
var stateQueueOutbound = 'mlc-outbound'
var stateQueueInbound = 'mlc-inbound'
var stateBlobContainer = 'mlc-payloads'
// Equal to host.json extensions.queues.maxDequeueCount, so the host and the connector poison at the same count.
var stateQueueMaxAttempts = 5
var stateTables = map(['ledger', 'ledgermessages', 'cursors', 'controlnumbers', 'audit'], table => '${stateTablePrefix}${table}')

// Secret names the connector asks Key Vault for (shared/dynamics/config.py, shared/sterling/config.py).
var dynamicsSecretName = 'dynamics-client-secret'
var sterlingPasswordName = 'sterling-password'
var sterlingClientSecretName = 'sterling-client-secret'
// Read by the runtime as a setting, so it reaches the app as a Key Vault reference (resolved with the app's identity).
var eventsUrlTokenName = 'events-url-token'

// The connector's events as rows. customDimensions carries them with OpenTelemetry on; the [event=... key=value]
// tail of every message carries the same in the classic pipeline, which drops custom dimensions. Flows name the
// document's key "key", the runtime's journal "natural_key": both are read.
var eventRows = 'traces | extend event_name = coalesce(tostring(customDimensions["event"]), extract(@"\\[event=([a-z_.]+)", 1, message)), flow = coalesce(tostring(customDimensions["ml_flow"]), extract(@" flow=([^ \\]]+)", 1, message)), partner = coalesce(tostring(customDimensions["ml_partner"]), extract(@" partner=([^ \\]]+)", 1, message)), doc_key = coalesce(tostring(customDimensions["ml_key"]), tostring(customDimensions["ml_natural_key"]), extract(@" key=([^ \\]]+)", 1, message), extract(@" natural_key=([^ \\]]+)", 1, message))'

// ---- resources

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}-${token}'
    appInsightsName: 'appi-${baseName}-${token}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    payloadContainerName: stateBlobContainer
    workQueueNames: [
      stateQueueOutbound
      stateQueueInbound
    ]
    tableNames: stateTables
    blobSoftDeleteDays: blobSoftDeleteDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    enablePurgeProtection: enablePurgeProtection
    dynamicsSecretName: dynamicsSecretName
    sterlingPasswordName: sterlingPasswordName
    sterlingClientSecretName: sterlingClientSecretName
    eventsUrlTokenName: eventsUrlTokenName
    dynamicsClientSecret: dynamicsClientSecret
    sterlingPassword: sterlingPassword
    sterlingClientSecret: sterlingClientSecret
    eventsUrlToken: eventsUrlToken
  }
}

// Every setting the app reads. The client secrets are not here: the app reads them from Key Vault with its
// identity (KEY_VAULT_URI), caching each for SECRET_CACHE_TTL_SECONDS so a rotation needs no restart. The one
// secret the runtime reads as a setting, EVENTS_URL_TOKEN, is a Key Vault reference the platform resolves.
var appSettings = {
  // Host storage through the identity: service URIs for blobs, queues and tables (queue triggers need the queue URI).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
  // The connection the queue triggers use (connection="STATE_QUEUES"): the same account, through the identity.
  STATE_QUEUES__queueServiceUri: storage.outputs.queueEndpoint
  STATE_QUEUES__credential: 'managedidentity'
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  PYTHON_APPLICATIONINSIGHTS_ENABLE_TELEMETRY: 'true'
  // DefaultAzureCredential tries only the managed identity: no slow developer-credential probes, no surprises.
  AZURE_TOKEN_CREDENTIALS: 'ManagedIdentityCredential'
  KEY_VAULT_URI: keyVault.outputs.uri
  SECRET_CACHE_TTL_SECONDS: string(secretCacheTtlSeconds)
  DYNAMICS_ENV_URL: dynamicsEnvUrl
  DYNAMICS_TENANT_ID: dynamicsTenantId
  DYNAMICS_CLIENT_ID: dynamicsClientId
  DYNAMICS_LEGAL_ENTITIES: dynamicsLegalEntities
  DYNAMICS_AUTHORITY_HOST: environment().authentication.loginEndpoint
  DYNAMICS_ALLOWED_HOST_SUFFIXES: dynamicsAllowedHostSuffixes
  DYNAMICS_CONNECT_TIMEOUT_SECONDS: '10'
  DYNAMICS_READ_TIMEOUT_SECONDS: '120'
  DYNAMICS_PAGE_SIZE: '1000'
  STERLING_BASE_URL: sterlingBaseUrl
  STERLING_AUTH: sterlingAuth
  STERLING_USER: sterlingUser
  STERLING_TOKEN_URL: sterlingTokenUrl
  STERLING_CLIENT_ID: sterlingClientId
  STERLING_SCOPE: sterlingScope
  STERLING_CA_BUNDLE: sterlingCaBundle
  STERLING_CONNECT_TIMEOUT_SECONDS: '10'
  STERLING_READ_TIMEOUT_SECONDS: '120'
  STERLING_PAGE_SIZE: '1000'
  STATE_BACKEND: 'azure'
  STATE_STORAGE_ACCOUNT: storage.outputs.name
  STATE_TABLE_PREFIX: stateTablePrefix
  STATE_QUEUE_OUTBOUND: stateQueueOutbound
  STATE_QUEUE_INBOUND: stateQueueInbound
  STATE_BLOB_CONTAINER: stateBlobContainer
  STATE_QUEUE_MAX_ATTEMPTS: string(stateQueueMaxAttempts)
  PARTNERS_FILE: partnersFile
  PARTNERS_ITEM_CACHE_SECONDS: '300'
  STERLING_POLL_SCHEDULE: sterlingPollSchedule
  DYNAMICS_SWEEP_SCHEDULE: dynamicsSweepSchedule
  ACK_OVERDUE_SCHEDULE: ackOverdueSchedule
  RUNTIME_SWEEP_OVERLAP_SECONDS: '300'
  RUNTIME_POLL_RECOVERY_SECONDS: '600'
  EVENTS_URL_TOKEN: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${eventsUrlTokenName})'
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: 'plan-${baseName}-${token}'
    location: location
    tags: tags
    pythonVersion: pythonVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appSettings: appSettings
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    operatorsPrincipalId: operatorsPrincipalId
    operatorsPrincipalType: operatorsPrincipalType
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: baseName
    location: location
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    actionGroupResourceId: actionGroupResourceId
    alertEmailAddresses: alertEmailAddresses
    eventRows: eventRows
    pollSilenceMinutes: pollSilenceMinutes
    sweepSilenceMinutes: sweepSilenceMinutes
    throttledIntervalsThreshold: throttledIntervalsThreshold
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    displayName: 'ml-connector operations (${baseName})'
    location: location
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    eventRows: eventRows
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output businessEventsUrl string = 'https://${functionApp.outputs.defaultHostName}/api/events/dynamics'
output principalId string = functionApp.outputs.principalId
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
output storageAccountName string = storage.outputs.name
output appInsightsName string = monitoring.outputs.appInsightsName
