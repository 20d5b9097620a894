using Kommuntal.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<CorrelationMiddleware>();
// Security headers on every HTTP response, then the year range of every {year} route, both before
// any function code, access check or storage request (Functions/Http).
builder.UseMiddleware<Kommuntal.Functions.Http.SecurityHeadersMiddleware>();
builder.UseMiddleware<Kommuntal.Functions.Http.YearRouteMiddleware>();
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
builder.Services.AddKommuntalFunctions(builder.Configuration);
builder.Build().Run();
