// Parameters for production. Tenant-specific values come from environment variables, so this
// file holds no identifiers of a particular board:
//   KOMMUNTAL_ENTRA_CLIENT_ID        application (client) id of the Entra ID app registration
//   KOMMUNTAL_EMAIL_DOMAIN           the board's sending domain, e.g. utskick.example.se
//   KOMMUNTAL_EMAIL_DOMAIN_VERIFIED  "true" once the domain's DNS records are verified
//   KOMMUNTAL_PUBLIC_BASE_URL        public base URL of the published documents
// Deploy: az deployment group create -g RG -f infra/main.bicep -p infra/prod.bicepparam
using 'main.bicep'

param environmentName = 'prod'
param storageSku = 'Standard_ZRS'
param blobSoftDeleteDays = 90
param logRetentionDays = 365
param customEmailDomain = readEnvironmentVariable('KOMMUNTAL_EMAIL_DOMAIN', '')
param customEmailDomainVerified = bool(readEnvironmentVariable('KOMMUNTAL_EMAIL_DOMAIN_VERIFIED', 'false'))
param publicBaseUrl = readEnvironmentVariable('KOMMUNTAL_PUBLIC_BASE_URL', '')
param authenticationInFront = true
param entraClientId = readEnvironmentVariable('KOMMUNTAL_ENTRA_CLIENT_ID', '')
