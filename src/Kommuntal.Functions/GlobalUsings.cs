// Namespaces most files of this project use (docs/conventions.md); a file adds only its own.
global using Kommuntal.Application.Services;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.Azure.Functions.Worker;
