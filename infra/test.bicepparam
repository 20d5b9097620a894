// Parameters for a test environment: Azure-managed e-mail domain (low sending limits, test only),
// locally redundant storage, no App Service authentication (the app then refuses every
// coordinator request that needs a principal; uploads with a function key still work).
// Deploy: az deployment group create -g RG -f infra/main.bicep -p infra/test.bicepparam
using 'main.bicep'

param environmentName = 'test'
param storageSku = 'Standard_LRS'
param logRetentionDays = 30
param maximumInstanceCount = 10
param publicBaseUrl = readEnvironmentVariable('KOMMUNTAL_PUBLIC_BASE_URL', '')
param authenticationInFront = false
