// Parameters for the Azure Developer CLI (azd up / azd provision; azure.yaml at the repository root).
// azd reads infra/{module}.bicepparam and supplies its environment as environment variables:
// AZURE_ENV_NAME (the azd environment, 2-16 lowercase letters, digits and hyphens, e.g. "test")
// and AZURE_LOCATION (a region with Flex Consumption). Set the others with `azd env set NAME VALUE`.
// Defaults are those of test.bicepparam; production values as in prod.bicepparam.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param storageSku = readEnvironmentVariable('KOMMUNTAL_STORAGE_SKU', 'Standard_LRS')
param customEmailDomain = readEnvironmentVariable('KOMMUNTAL_EMAIL_DOMAIN', '')
param customEmailDomainVerified = bool(readEnvironmentVariable('KOMMUNTAL_EMAIL_DOMAIN_VERIFIED', 'false'))
param publicBaseUrl = readEnvironmentVariable('KOMMUNTAL_PUBLIC_BASE_URL', '')
param authenticationInFront = bool(readEnvironmentVariable('KOMMUNTAL_AUTHENTICATION_IN_FRONT', 'false'))
param entraClientId = readEnvironmentVariable('KOMMUNTAL_ENTRA_CLIENT_ID', '')
