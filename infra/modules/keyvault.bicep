// Key Vault in RBAC mode holding the connector's credentials. A secret is written only when its secure
// parameter is given, so a redeploy without secrets never blanks a value an operator set or rotated.

@description('Key Vault name (3-24 characters, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Purge protection: a deleted vault or secret cannot be purged during the retention period. Cannot be turned off once on.')
param enablePurgeProtection bool

@description('Name of the Dynamics client secret, as the connector reads it (shared/dynamics/config.py).')
param dynamicsSecretName string

@description('Name of the Sterling password secret, as the connector reads it (shared/sterling/config.py).')
param sterlingPasswordName string

@description('Name of the Sterling OAuth client secret, as the connector reads it (shared/sterling/config.py).')
param sterlingClientSecretName string

@description('Name of the business events URL token secret, referenced by the EVENTS_URL_TOKEN app setting.')
param eventsUrlTokenName string

@description('Initial Dynamics client secret; empty leaves the secret as it is.')
@secure()
param dynamicsClientSecret string

@description('Initial Sterling API user password (basic auth); empty leaves the secret as it is.')
@secure()
param sterlingPassword string

@description('Initial Sterling OAuth client secret (oauth auth); empty leaves the secret as it is.')
@secure()
param sterlingClientSecret string

@description('Initial business events URL token; empty leaves the secret as it is.')
@secure()
param eventsUrlToken string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // ARM rejects false once it was true; null leaves it off without blocking a later switch-on.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource dynamicsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(dynamicsClientSecret)) {
  parent: vault
  name: dynamicsSecretName
  properties: {
    value: dynamicsClientSecret
    contentType: 'Dynamics 365 F&O app registration client secret'
  }
}

resource sterlingPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sterlingPassword)) {
  parent: vault
  name: sterlingPasswordName
  properties: {
    value: sterlingPassword
    contentType: 'Sterling B2B Integrator API user password'
  }
}

resource sterlingClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sterlingClientSecret)) {
  parent: vault
  name: sterlingClientSecretName
  properties: {
    value: sterlingClientSecret
    contentType: 'Sterling B2B Integrator OAuth client secret'
  }
}

resource eventsUrlTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(eventsUrlToken)) {
  parent: vault
  name: eventsUrlTokenName
  properties: {
    value: eventsUrlToken
    contentType: 'Token the business events endpoint requires in its URL'
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
