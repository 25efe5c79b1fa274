// The app identity's role assignments: exactly what the host and the connector use, each on the narrowest scope.

@description('Object id of the function app\'s system-assigned identity.')
param principalId string

@description('Name of the storage account (host storage and connector state).')
param storageAccountName string

@description('Name of the Key Vault holding the connector\'s secrets.')
param keyVaultName string

@description('Name of the Application Insights resource (Entra-authenticated ingestion).')
param appInsightsName string

@description('Optional object id of the operators\' group: rotates secrets and runs ml-connector failures / audit / replay against this installation; empty grants nothing.')
param operatorsPrincipalId string

@description('Principal type of operatorsPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorsPrincipalType string

// Built-in role definition ids (the same in every tenant).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'
var storageBlobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Owner, not Contributor: the host's identity-based AzureWebJobsStorage takes blob leases (timer singleton,
// host id lock) and Flex reads the package container; Microsoft's Flex samples grant Owner for this.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Queue triggers, the SDK producer, and the <queue>-poison copies the host writes.
resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Ledger, cursors, control numbers, audit log.
resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Read secrets only; rotation is done by people or pipelines holding Secrets Officer.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Application Insights has local auth disabled, so ingestion needs this role on the resource.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// People, not the app: optional, and only when an operators' group is given.
var grantOperators = !empty(operatorsPrincipalId)

// Writes new secret versions (rotation); the app itself can only read them.
resource operatorsSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantOperators) {
  name: guid(vault.id, operatorsPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: operatorsPrincipalId
    principalType: operatorsPrincipalType
  }
}

// failures / audit / replay read the ledger and audit tables, mark replays, and re-enqueue work.
resource operatorsTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantOperators) {
  name: guid(storage.id, operatorsPrincipalId, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: operatorsPrincipalId
    principalType: operatorsPrincipalType
  }
}

resource operatorsQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantOperators) {
  name: guid(storage.id, operatorsPrincipalId, storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: operatorsPrincipalId
    principalType: operatorsPrincipalType
  }
}

// Archived payloads are evidence in a partner dispute: operators read them, never change them.
resource operatorsBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantOperators) {
  name: guid(storage.id, operatorsPrincipalId, storageBlobDataReader)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReader)
    principalId: operatorsPrincipalId
    principalType: operatorsPrincipalType
  }
}
