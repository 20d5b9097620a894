// Kommuntal in one resource group: a Flex Consumption Function App (.NET 10 isolated) with a
// system-assigned managed identity, two storage accounts (the app's data; the Functions host's own
// state and the deployment package), Application Insights on a Log Analytics workspace, and Azure
// Communication Services e-mail.
//
// No secrets: storage, Application Insights and e-mail are reached with the app's managed identity
// (role assignments at the end of this file); shared-key and local authentication are disabled.
// How to deploy: infra/README.md. Validated offline in the test suite (bicep lint + build):
// tests/Kommuntal.Infrastructure.Tests/Deployment/BicepTests.cs.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@description('Short name of the environment, part of every resource name: lowercase letters, digits and hyphens, e.g. "test" or "prod".')
@minLength(2)
@maxLength(16)
param environmentName string

@description('Azure region of the regional resources. Must offer Flex Consumption (az functionapp list-flexconsumption-locations). Default: the resource group\'s region.')
param location string = resourceGroup().location

@description('Redundancy of the storage accounts (the data account: tables, published decisions, inbox; the host account: the Functions host\'s state and the app package). Standard_ZRS is recommended for production where the region offers it.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days a deleted blob or container (e.g. a published decision) can be restored.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 30

@description('Days Log Analytics keeps logs and Application Insights telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Upper limit of Function App instances (Flex Consumption scales out per trigger).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Schedule of the yearly run (app setting Schedules__YearlyRun): six-field cron, seconds first, UTC. Default: every day at 05:00 UTC (every run is idempotent).')
param scheduleYearlyRun string = '0 0 5 * * *'

@description('Schedule of the inbox scan that imports files dropped into the "inbox" container (Schedules__Inbox): six-field cron, UTC. Default: every 5 minutes.')
param scheduleInbox string = '0 */5 * * * *'

@description('Schedule of the notification dispatcher that sends and retries e-mails from the outbox (Schedules__Notifications): six-field cron, UTC. Default: every 10 minutes.')
param scheduleNotifications string = '0 */10 * * * *'

@description('Schedule of the delivery-status poll for sent e-mails (Schedules__DeliveryStatus): six-field cron, UTC. Default: every 30 minutes.')
param scheduleDeliveryStatus string = '0 15,45 * * * *'

@description('Schedule of the reminders (Schedules__Reminders): six-field cron, UTC. Default: weekdays at 06:00 UTC.')
param scheduleReminders string = '0 0 6 * * 1-5'

@description('Schedule of the monthly fulfilment message to each coordinator (Schedules__FulfilmentReminders): six-field cron, UTC. It may fire daily: one message per county and statistics period. Default: weekdays at 07:00 UTC.')
param scheduleFulfilmentReminders string = '0 0 7 * * 1-5'

@description('Where the Email Communication Service keeps its data at rest; the Communication Service uses the same. Example: "Europe".')
param emailDataLocation string = 'Europe'

@description('Custom e-mail domain (e.g. "kommuntal.lansstyrelsen.se") to send from. Empty: an Azure-managed domain (xxxx.azurecomm.net), suitable for test only. A custom domain must be verified in DNS before it can be linked: see customEmailDomainVerified.')
param customEmailDomain string = ''

@description('Set to true once the custom e-mail domain\'s DNS records are verified; only then is the domain linked to the Communication Service and e-mail can be sent. Ignored without customEmailDomain.')
param customEmailDomainVerified bool = false

@description('Local part of the sender address (the domain\'s default sender username "DoNotReply").')
param senderUsername string = 'DoNotReply'

@description('Base URL under which published documents are publicly reachable (app setting Kommuntal__PublicBaseUrl); the app appends the document path, e.g. 2022/18-orebro-lan/beslut-v1.pdf. Empty: the app uses its own anonymous download route, https://{WEBSITE_HOSTNAME}/api/public/files (blob public access is disabled). Set it when a custom domain or API Management is in front, e.g. https://kommuntal.example.se/api/public/files.')
param publicBaseUrl string = ''

@secure()
@description('Key of the portal\'s anti-forgery tokens (app setting Kommuntal__Web__AntiforgeryKey: base64, at least 32 bytes; the app refuses to start in Azure without one). The default is fresh random bytes at every deployment (two newGuid values), so a portal form left open across a deployment asks once to be reloaded. Pass a fixed key, e.g. from Key Vault, to keep open forms valid across deployments.')
param portalAntiforgeryKey string = base64('${newGuid()}${newGuid()}')

@description('Whether App Service authentication (Entra ID) runs in front of the app (app setting Security__AuthenticationInFront). When true, authsettingsV2 is configured for entraClientId: the platform validates bearer tokens and passes the principal (with its app roles) to the app; unauthenticated requests are let through so the anonymous public endpoints keep working, and the app enforces roles on coordinator endpoints. When false, the app refuses every request that needs a principal.')
param authenticationInFront bool = false

@description('Application (client) id of the Entra ID app registration that defines the app roles (Coordinator.{countyCode}). Required when authenticationInFront is true.')
param entraClientId string = ''

@description('Entra ID tenant of that app registration. Default: the tenant of the deployment.')
param entraTenantId string = tenant().tenantId

@description('Token audiences accepted by App Service authentication. Empty: api://{entraClientId} and entraClientId.')
param entraAllowedAudiences array = []

@description('Functions to switch off (app setting AzureWebJobs.{name}.Disabled = true), e.g. ["Notifications"] in an environment that must not e-mail municipalities. Names as in the app\'s [Function("...")] attributes. App settings are owned by this template: a setting changed by hand is reset by the next deployment, so switch functions off here.')
param disabledFunctions array = []

@description('Further app settings, name to value, for configuration without a parameter of its own, e.g. {"Kommuntal__Contacts__18__Name": "Anna Andersson", "Kommuntal__Notifications__SenderName": "Länsstyrelsen i Örebro län"} (see the repository README, "Configuration"). Never keys or passwords. A name the template already sets is refused, in any casing, and so are Security__DevelopmentMode and the platform variables WEBSITE_AUTH_ENABLED, WEBSITE_HOSTNAME and WEBSITE_INSTANCE_ID.')
param additionalAppSettings object = {}

@description('Who may drop files into the "inbox" container besides the app itself: Entra ID principals (object ids; best one group per county or role), each limited to the inbox paths matching its pathPattern (an ABAC StringLike pattern, "*" matches any characters) for writing, overwriting and deleting. The inbox paths say what a file is (quotas/..., indicators/{year}/..., wishes/{year}/{county}/...), and the app imports a file as what its path says, so a pattern is the uploader\'s authority: "wishes/*/18/*" is Örebro län\'s wish files of any year; "quotas/*" or "indicators/*" is national data (a national administrator). Every uploader may read the whole container. Empty: only the app writes to the inbox; uploads then go through the HTTP API with a coordinator role.')
param inboxUploaders inboxUploader[] = []

@description('Tags added to every resource.')
param tags object = {}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var shortSuffix = take(suffix, 6)
var allTags = union(tags, { application: 'kommuntal', environment: environmentName })

// 3-24 lowercase letters and digits, globally unique: up to 9 of the environment name + 13 of the hash
// (the data account), and "sth" + up to 8 + 13 for the Functions host's account.
var storageAccountName = 'st${take(toLower(replace(environmentName, '-', '')), 9)}${suffix}'
var hostStorageAccountName = 'sth${take(toLower(replace(environmentName, '-', '')), 8)}${suffix}'
var logAnalyticsName = 'log-kommuntal-${environmentName}'
var appInsightsName = 'appi-kommuntal-${environmentName}'
var planName = 'plan-kommuntal-${environmentName}'
var functionAppName = 'func-kommuntal-${environmentName}-${shortSuffix}'
var emailServiceName = 'ecs-kommuntal-${environmentName}-${shortSuffix}'
var communicationServiceName = 'acs-kommuntal-${environmentName}-${shortSuffix}'

// Tables and containers the app uses (src/Kommuntal.Infrastructure/Storage/StorageOptions.cs;
// no prefix in Azure), all in the data account. They are created here (the app's container roles
// are scoped to the two containers; it creates tables and containers only where it may, e.g. locally).
var tableNames = [
  'quotas'
  'countyyears'
  'inputs'
  'recipients'
]
var publishedContainerName = 'published'
var inboxContainerName = 'inbox'
// Flex Consumption keeps the deployed app package in this container of the host account.
var deploymentContainerName = 'deployments'

// An inbox uploader: who, and which inbox paths it may write (see the parameter inboxUploaders).
type inboxUploader = {
  @description('Object id of the Entra ID group, user or service principal.')
  principalId: string
  @description('Kind of principal.')
  principalType: 'Group' | 'User' | 'ServicePrincipal'
  @description('The inbox paths it may write, overwrite and delete, as an ABAC StringLike pattern under quotas/, indicators/ or wishes/, e.g. "wishes/*/18/*".')
  pathPattern: string
}
// A pattern must lie under one of the three kinds of input: never the whole container, and never
// processed/ or rejected/ (where the app files what it has read).
func isInboxPattern(pattern string) bool =>
  (startsWith(pattern, 'quotas/') || startsWith(pattern, 'indicators/') || startsWith(pattern, 'wishes/')) && !contains(pattern, '\'') && !contains(pattern, '\\')
var checkedInboxUploaders = map(
  inboxUploaders,
  u =>
    isInboxPattern(u.pathPattern)
      ? u
      : fail('inboxUploaders: the pathPattern \'${u.pathPattern}\' must start with quotas/, indicators/ or wishes/ and contain no quote or backslash.')
)
// The ABAC condition of an uploader's role assignment: writing, adding to, moving or deleting a blob
// is allowed only where the blob's path matches the pattern; reading and listing are not limited.
var inboxUploaderCondition = '((!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action\'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike \'PATTERN\'))'

var useCustomEmailDomain = !empty(customEmailDomain)
var linkEmailDomain = !useCustomEmailDomain || customEmailDomainVerified

// Guard: App Service authentication needs the app registration's client id.
var checkedEntraClientId = authenticationInFront && empty(entraClientId)
  ? fail('entraClientId is required when authenticationInFront is true.')
  : entraClientId
var audiences = empty(entraAllowedAudiences)
  ? [
      'api://${checkedEntraClientId}'
      checkedEntraClientId
    ]
  : entraAllowedAudiences

// ---------------------------------------------------------------------------------------------
// Monitoring: Log Analytics + Application Insights, Entra ID ingestion only
// ---------------------------------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: allTags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: allTags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    // Telemetry is accepted only with an Entra ID token (the app's identity, role Monitoring
    // Metrics Publisher); the instrumentation key in the connection string alone is not enough.
    DisableLocalAuth: true
    RetentionInDays: logRetentionDays
  }
}

// ---------------------------------------------------------------------------------------------
// Storage, managed identity only, in two accounts: the data account (tables; published decisions
// and inbox blobs) and the host account (the Functions host's timer locks and function keys; the
// app package). The app's identity owns the host account but holds only data roles, scoped to its
// tables and its two containers, on the data account.
// ---------------------------------------------------------------------------------------------

var storageProperties = {
  accessTier: 'Hot'
  allowSharedKeyAccess: false
  allowBlobPublicAccess: false
  allowCrossTenantReplication: false
  isLocalUserEnabled: false
  defaultToOAuthAuthentication: true
  minimumTlsVersion: 'TLS1_2'
  supportsHttpsTrafficOnly: true
  publicNetworkAccess: 'Enabled'
  networkAcls: {
    defaultAction: 'Allow'
    bypass: 'AzureServices'
  }
  encryption: {
    keySource: 'Microsoft.Storage'
    requireInfrastructureEncryption: false
    services: {
      blob: {
        enabled: true
      }
      table: {
        enabled: true
        keyType: 'Account'
      }
    }
  }
}
var blobServiceProperties = {
  deleteRetentionPolicy: {
    enabled: true
    days: blobSoftDeleteDays
  }
  containerDeleteRetentionPolicy: {
    enabled: true
    days: blobSoftDeleteDays
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  tags: allTags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: storageProperties
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: blobServiceProperties
}

resource publishedContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: publishedContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource inboxContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: inboxContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for name in tableNames: {
    parent: tableService
    name: name
  }
]

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: hostStorageAccountName
  location: location
  tags: allTags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: storageProperties
}

resource hostBlobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: hostStorage
  name: 'default'
  properties: blobServiceProperties
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: hostBlobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// ---------------------------------------------------------------------------------------------
// E-mail: Email Communication Service with one domain, linked to a Communication Service
// ---------------------------------------------------------------------------------------------

resource emailService 'Microsoft.Communication/emailServices@2025-09-01' = {
  name: emailServiceName
  location: 'global'
  tags: allTags
  properties: {
    dataLocation: emailDataLocation
  }
}

// Azure-managed (xxxx.azurecomm.net, low sending limits: test only) or the board's own domain.
resource emailDomain 'Microsoft.Communication/emailServices/domains@2025-09-01' = {
  parent: emailService
  name: useCustomEmailDomain ? customEmailDomain : 'AzureManagedDomain'
  location: 'global'
  tags: allTags
  properties: {
    domainManagement: useCustomEmailDomain ? 'CustomerManaged' : 'AzureManaged'
    // No tracking pixels or rewritten links in decisions sent by an authority.
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-09-01' = {
  name: communicationServiceName
  location: 'global'
  tags: allTags
  properties: {
    dataLocation: emailDataLocation
    // Access keys (HMAC) are off: the app sends with its managed identity (role Communication
    // and Email Service Owner below).
    disableLocalAuth: true
    linkedDomains: linkEmailDomain ? [emailDomain.id] : []
  }
}

var senderAddress = '${senderUsername}@${emailDomain.properties.mailFromSenderDomain}'

// App settings the app reads (README.md "Configuration"). No keys and no connection strings
// with secrets: every service is reached with the managed identity.
var appSettings = [
  // Functions host storage (timer leases, function keys) through the managed identity: the host
  // account, which holds no app data.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: hostStorage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  // App data: tables and blobs through DefaultAzureCredential (the managed identity).
  {
    name: 'Storage__AccountName'
    value: storage.name
  }
  // E-mail through Azure Communication Services with the managed identity.
  {
    name: 'Email__Sender'
    value: 'acs'
  }
  {
    name: 'Email__Acs__Endpoint'
    value: 'https://${communicationService.properties.hostName}'
  }
  {
    name: 'Kommuntal__Notifications__SenderAddress'
    value: senderAddress
  }
  {
    name: 'Kommuntal__PublicBaseUrl'
    value: publicBaseUrl
  }
  {
    name: 'Kommuntal__Web__AntiforgeryKey'
    value: portalAntiforgeryKey
  }
  // Timer schedules: six-field cron, UTC.
  {
    name: 'Schedules__YearlyRun'
    value: scheduleYearlyRun
  }
  {
    name: 'Schedules__Inbox'
    value: scheduleInbox
  }
  {
    name: 'Schedules__Notifications'
    value: scheduleNotifications
  }
  {
    name: 'Schedules__DeliveryStatus'
    value: scheduleDeliveryStatus
  }
  {
    name: 'Schedules__Reminders'
    value: scheduleReminders
  }
  {
    name: 'Schedules__FulfilmentReminders'
    value: scheduleFulfilmentReminders
  }
  // True only together with the authsettingsV2 resource below: the platform then strips
  // any client-sent principal headers and sets them from a validated token.
  {
    name: 'Security__AuthenticationInFront'
    value: authenticationInFront ? 'true' : 'false'
  }
  // Telemetry with Entra ID (local auth is disabled on the component).
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'Authorization=AAD'
  }
]
var disabledFunctionSettings = [
  for name in disabledFunctions: {
    name: 'AzureWebJobs.${name}.Disabled'
    value: 'true'
  }
]
// Setting names compared as .NET configuration reads them: case-insensitive, and with "__", ":" or
// "_" between the parts (Security__DevelopmentMode, security:developmentmode, SECURITY_DEVELOPMENTMODE).
func settingKey(name string) string => toLower(replace(replace(replace(name, ':', ''), '_', ''), '.', ''))
var managedSettingKeys = map(appSettings, setting => settingKey(setting.name))
// Never from additionalAppSettings: development mode takes a caller's roles from a request header
// (the app also refuses it in Azure), and the variables the platform sets, which the app trusts
// to tell whether App Service authentication is on and whether it runs in Azure.
var refusedSettingKeys = [
  'securitydevelopmentmode'
  'websiteauthenabled'
  'websitehostname'
  'websiteinstanceid'
]
var extraSettings = map(
  items(additionalAppSettings),
  setting =>
    contains(refusedSettingKeys, settingKey(setting.key))
      ? fail('additionalAppSettings must not set ${setting.key}: development mode and the platform\'s own variables are never set in Azure.')
      : contains(managedSettingKeys, settingKey(setting.key))
          ? fail('additionalAppSettings must not set ${setting.key}: the template sets it (use its parameter).')
          : { name: setting.key, value: string(setting.value) }
)

// ---------------------------------------------------------------------------------------------
// Function App: Flex Consumption, .NET 10 isolated, system-assigned identity
// ---------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: allTags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  // azd-service-name: the Function App `azd deploy` puts service `api` of azure.yaml on.
  tags: union(allTags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    clientAffinityEnabled: false
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(appSettings, disabledFunctionSettings, extraSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

// No FTP and no basic-auth publishing: deploy with an Entra ID token (az CLI).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// App Service authentication (Entra ID) in front of the app, when chosen. Validates bearer tokens
// issued for the app registration; lets unauthenticated requests through (anonymous public
// downloads), so the app itself decides per endpoint (coordinator endpoints need a role
// Coordinator.{countyCode}). No client secret: only the token-validation (API) flow is used.
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = if (authenticationInFront) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: checkedEntraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: audiences
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Role assignments: exactly what the app's managed identity needs (see infra/README.md)
// ---------------------------------------------------------------------------------------------

// Built-in role ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var blobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// Storage Blob Data Owner on the host account: the Functions host creates and manages its own
// containers there (azure-webjobs-hosts for timer locks, azure-webjobs-secrets for function keys)
// and reads the app package from deployments. The Functions documentation asks for Owner on the
// host storage; this account holds nothing else.
resource hostBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, functionApp.id, blobDataOwner)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataOwner)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Kommuntal Function App: the Functions host state and the deployment package (host account)'
  }
}

// Storage Table Data Contributor on the host account: the Functions host writes its diagnostic
// events to tables of its storage (event AZFD0003 when it cannot).
resource hostTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, functionApp.id, tableDataContributor)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Kommuntal Function App: the Functions host diagnostic events (host account)'
  }
}

// Storage Blob Data Contributor on the published container: the app writes decisions, proposals
// and the public page (create-only) and reads them to serve them.
resource publishedBlobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(publishedContainer.id, functionApp.id, blobDataContributor)
  scope: publishedContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Kommuntal Function App: published decisions and the public page'
  }
}

// Storage Blob Data Contributor on the inbox container: the app lists, leases and reads dropped
// files and moves them to processed/ or rejected/.
resource inboxBlobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(inboxContainer.id, functionApp.id, blobDataContributor)
  scope: inboxContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Kommuntal Function App: import files dropped into the inbox'
  }
}

// Storage Table Data Contributor on the data account: the app's tables (quotas, countyyears,
// inputs, recipients); the account has no other tables.
resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, tableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Kommuntal Function App: read and write the app tables'
  }
}

// The inbox uploaders (parameter inboxUploaders): Storage Blob Data Contributor on the inbox
// container only, with a condition that limits writing and deleting to their paths.
resource inboxUploaderAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for uploader in checkedInboxUploaders: {
    name: guid(inboxContainer.id, uploader.principalId, blobDataContributor, uploader.pathPattern)
    scope: inboxContainer
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
      principalId: uploader.principalId
      principalType: uploader.principalType
      description: 'Kommuntal inbox uploader: may write ${uploader.pathPattern}'
      condition: replace(inboxUploaderCondition, 'PATTERN', uploader.pathPattern)
      conditionVersion: '2.0'
    }
  }
]

// Monitoring Metrics Publisher on the Application Insights component: send telemetry with
// Entra ID (local auth is disabled).
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionApp.id, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      '3913510d-42f4-4e42-8a64-420c390055eb'
    )
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Kommuntal Function App: send telemetry to Application Insights'
  }
}

// Communication and Email Service Owner on the Communication Service: send e-mail and read
// delivery status with an Entra ID token.
resource communicationEmailServiceOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, functionApp.id, '09976791-48a7-449e-bb21-39d1a415f350')
  scope: communicationService
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      '09976791-48a7-449e-bb21-39d1a415f350'
    )
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Kommuntal Function App: send e-mail through Azure Communication Services'
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (no secrets)
// ---------------------------------------------------------------------------------------------

@description('Name of the Function App (for az functionapp deployment).')
output functionAppName string = functionApp.name

@description('Base URL of the Function App.')
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'

@description('Name of the data storage account (tables, published decisions, inbox).')
output storageAccountName string = storage.name

@description('Name of the Functions host storage account (host state, function keys, app package).')
output hostStorageAccountName string = hostStorage.name

@description('Endpoint of the Communication Service (app setting Email__Acs__Endpoint).')
output acsEndpoint string = 'https://${communicationService.properties.hostName}'

@description('Sender address of the notifications (app setting Kommuntal__Notifications__SenderAddress).')
output senderAddress string = senderAddress

@description('Whether the e-mail domain is linked to the Communication Service (false until a custom domain is verified).')
output emailDomainLinked bool = linkEmailDomain

@description('DNS records to create for a custom e-mail domain (empty object for the Azure-managed domain).')
output emailDomainVerificationRecords object = useCustomEmailDomain ? emailDomain.properties.verificationRecords : {}

@description('Whether App Service authentication (Entra ID) is configured in front of the app.')
output authenticationInFront bool = authenticationInFront

// For the Azure Developer CLI: azd keeps outputs in its environment (.azure/{env}/.env).
@description('azd: the Function App of service api (as functionAppName).')
output AZURE_FUNCTION_NAME string = functionApp.name

@description('azd: the data storage account, for the command line (kommuntal --account, which reads KOMMUNTAL_STORAGE_ACCOUNT).')
output KOMMUNTAL_STORAGE_ACCOUNT string = storage.name
