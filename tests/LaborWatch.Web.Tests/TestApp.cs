using LaborWatch.Contracts;
using LaborWatch.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using LaborWatch.Web.Submissions;

namespace LaborWatch.Web.Tests;

/// <summary>The real web app on Kestrel, bound to a free loopback port, over a temp-file database.</summary>
public sealed class TestApp : IAsyncDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("laborwatch-web-").FullName;
    string? _databaseFolder;
    string? _target;
    WebApplication? _app;

    public const string ReviewToken = "test-review-token-0123456789";

    /// <summary>What --db takes: the SQLite file's path, or the PostgreSQL database's URI on a PostgreSQL run.</summary>
    public string DatabasePath => _target ??= _databaseFolder is not null ? Path.Combine(_databaseFolder, "web.db") : LaborWatch.Tests.TestStore.NewTarget(_folder, "web.db");
    public string Address => _app!.Urls.First();
    public IServiceProvider Services => _app!.Services;
    /// <summary>The test's temp folder, for the files it writes (on either store).</summary>
    public string Folder => _folder;
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Imports the CSV (if any) into the database, then starts the app.</summary>
    /// <param name="databaseFolder">where the database file goes (a small filesystem, say); the test's temp folder by default</param>
    public static async Task<TestApp> StartAsync(string? csv = null, Action<System.Data.Common.DbConnection, string>? setup = null, WebOptions? options = null,
        string? databaseFolder = null)
    {
        var app = new TestApp { _databaseFolder = databaseFolder };
        using (var connection = Database.OpenMigrated(app.DatabasePath))
        {
            LaborWatch.Tests.TestStore.FixNoiseSecret(connection);
            if (csv is not null)
            {
                var file = Path.Combine(app._folder, "logs.csv");
                await File.WriteAllTextAsync(file, csv);
                ContractImporter.Import(connection, file);
            }
            setup?.Invoke(connection, app._folder);
            // What the test set up is published: a release, as `import` cuts one (forced: tests use few workers).
            LaborWatch.Privacy.Releases.Cut(connection, 1, DateTimeOffset.UtcNow, force: true);
        }
        app._app = WebApp.Build(app.DatabasePath, "http://127.0.0.1:0", options ?? new WebOptions { ReviewToken = ReviewToken, PostsPerWindow = 10_000 });
        await app._app.StartAsync();
        var address = app._app.Urls.First();   // the port Kestrel chose for :0
        app.Client = new HttpClient { BaseAddress = new Uri(address) };
        return app;
    }

    /// <summary>Cuts a release now (forced), as the schedule or `laborwatch release` would: what was approved since is published.</summary>
    public LaborWatch.Privacy.ReleaseOutcome Release()
    {
        using var connection = Database.Open(DatabasePath);
        return LaborWatch.Privacy.Releases.Cut(connection, 1, DateTimeOffset.UtcNow, force: true);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_target is not null) LaborWatch.Tests.TestStore.Drop(_target);
        Directory.Delete(_folder, recursive: true);
    }
}
