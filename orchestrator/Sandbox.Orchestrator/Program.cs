using Microsoft.AspNetCore.Mvc;
using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Billing;
using Sandbox.Orchestrator.Budget;
using Sandbox.Orchestrator.Billing.Invoices;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Culling;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Health;
using Sandbox.Orchestrator.Hosting;
using Sandbox.Orchestrator.Https;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.NotebookOrigins;
using Sandbox.Orchestrator.Portal;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Proxy;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sharing;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Sweeps;
using Sandbox.Orchestrator.Telemetry;

// 0. `backup FILE`, `restore FILE [--force]` and `migrate` run instead of the service (./sandbox backup, restore, migrate).
if (Sandbox.Orchestrator.Backup.BackupCommand.Handles(args))
{
    Environment.ExitCode = await Sandbox.Orchestrator.Backup.BackupCommand.RunAsync(args);
    return;
}

if (MigrateCommand.Handles(args))
{
    Environment.ExitCode = await MigrateCommand.RunAsync(args);
    return;
}

// The content root is the program's folder, so appsettings.json is found wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var configuration = builder.Configuration;

// 1. Where local state lives; created before anything opens it.
builder.Services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
var dataDir = configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>()?.DataDir ?? new SandboxOptions().DataDir;
Directory.CreateDirectory(dataDir);

// The embedded store is one process's: a second orchestrator (or a restore) on the same data folder is refused.
using var dataFolderLock = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>()?.Provider == "postgres" ? null
    : Sandbox.Orchestrator.Backup.DataFolderLock.TryAcquire(dataDir)
      ?? throw new InvalidOperationException($"Another orchestrator ({Sandbox.Orchestrator.Backup.DataFolderLock.HolderOf(dataDir)}) runs on the data folder {dataDir}: the embedded store is one process's. Stop it, or give this one its own Sandbox__DataDir.");

// 2. Capabilities. Hosted services start in this order: store migrations, accounts, then the reconciler.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSandboxHttps(configuration);
builder.Services.AddSandboxProblems();
builder.Services.AddSandboxStore(configuration);
builder.Services.AddHttpContextAccessor();
builder.Services.AddSandboxAudit(configuration);
builder.Services.AddSandboxAccounts(configuration, dataDir);
builder.Services.AddSandboxRuntime(configuration);
builder.AddSandboxTelemetry(); // after the runtime: it times the runtime's calls
builder.Services.AddSandboxCatalog(configuration);
builder.Services.AddSandboxBilling(configuration);
builder.Services.AddSandboxStoreSetupEnd(); // after the last seeder (rate cards): replicas starting together set up one at a time
builder.Services.AddSandboxDatasets(configuration, dataDir);
builder.Services.AddSandboxSessions(configuration);
builder.Services.AddSandboxNotebookProxy(configuration);
builder.Services.AddSandboxNotebookOrigins(configuration);
builder.Services.AddHostedService<ShareExpiryService>();
builder.Services.AddSandboxReplicas(configuration);
builder.Services.AddSandboxLive(configuration);
builder.Services.AddSandboxScheduling();
builder.Services.AddSandboxCulling(configuration);
builder.Services.AddSandboxBudgetEnforcement(configuration);
builder.Services.AddSandboxPortal(configuration);
builder.Services.AddSandboxInvoices(configuration);
builder.Services.AddSandboxSweeps(configuration);
builder.Services.AddOpenApi();
builder.Services.AddSandboxHealth(configuration);

var app = builder.Build();

// 3. The pipeline: the client's scheme and host (from a trusted proxy), errors as problem+json, notebook origins, then
//    who the caller is, then what they may do.
app.UseSandboxMetricsPort();
app.UseSandboxForwardedHeaders();
app.UseSandboxProblems();
app.UseSandboxNotebookOrigins();
app.UseSandboxHsts();
app.UseSandboxPortal();
app.UseWebSockets();
app.UseAuthentication();
app.UseMiddleware<SecurityStampCheckMiddleware>();
app.UseMiddleware<CredentialRefusalAuditMiddleware>();
app.UseMiddleware<HubOriginCheckMiddleware>();
app.UseAuthorization();
app.UseMiddleware<CookieAntiforgeryMiddleware>();
app.UseRateLimiter();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapSandboxHealth();
app.MapSandboxMetrics();

var api = app.MapGroup("/api/v1").WithMetadata(new RequestSizeLimitAttribute(64 * 1024));
api.MapAuthApi();
api.MapMeApi();
api.MapMembersApi();
api.MapCatalogApi();
api.MapBillingApi();
api.MapBillingDirectoryApi();
api.MapCreditsApi();
api.MapSessionsApi();
api.MapNotebookHandoffApi();
api.MapSharesApi();
api.MapSharingDirectoryApi();
api.MapAuditApi();
api.MapDatasetsApi();
app.MapNotebookProxy("/s", NotebookExposure.ScriptsOnly);
app.MapSessionsHub();

app.Run();

/// <summary>The orchestrator's entry point (public for functional tests).</summary>
public partial class Program;
