using Npgsql;
using Sluice.Jobs.Store;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Store;

public sealed class SqliteJobStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-sqlite");

    private SqlJobStore Open() => SqlJobStore.Open($"sqlite:{_dir.Combine("jobs.db")}");

    [Fact] public void Round_trips_and_rejects_duplicates() { using var s = Open(); JobStoreContract.RoundTripsAndRejectsDuplicates(s); }
    [Fact] public void Lists_with_filter_and_paging() { using var s = Open(); JobStoreContract.ListsWithFilterAndPaging(s); }
    [Fact] public void Transitions_are_compare_and_set() { using var s = Open(); JobStoreContract.TransitionsAreCompareAndSet(s); }
    [Fact] public void Concurrent_claims_never_double_run() => JobStoreContract.ConcurrentClaimsNeverDoubleRun(Open);
    [Fact] public void Claim_respects_accept_and_order() { using var s = Open(); JobStoreContract.ClaimRespectsAcceptAndOrder(s); }

    [Fact]
    public void Uses_write_ahead_logging()
    {
        using (Open()) { }
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.Combine("jobs.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>The same contract on a real PostgreSQL server; each test gets its own database.</summary>
public sealed class PostgresJobStoreTests : IDisposable
{
    private readonly string? _database;
    private readonly string? _connectionString;

    public PostgresJobStoreTests()
    {
        if (PostgresServer.SkipReason is not null) return;
        _database = "sluice_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = new NpgsqlConnection(PostgresServer.ConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            create.ExecuteNonQuery();
        }
        _connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database }.ToString();
    }

    private SqlJobStore Open() => SqlJobStore.Open($"postgres:{_connectionString}");

    [PostgresFact] public void Round_trips_and_rejects_duplicates() { using var s = Open(); JobStoreContract.RoundTripsAndRejectsDuplicates(s); }
    [PostgresFact] public void Lists_with_filter_and_paging() { using var s = Open(); JobStoreContract.ListsWithFilterAndPaging(s); }
    [PostgresFact] public void Transitions_are_compare_and_set() { using var s = Open(); JobStoreContract.TransitionsAreCompareAndSet(s); }
    [PostgresFact] public void Concurrent_claims_never_double_run() => JobStoreContract.ConcurrentClaimsNeverDoubleRun(Open);
    [PostgresFact] public void Claim_respects_accept_and_order() { using var s = Open(); JobStoreContract.ClaimRespectsAcceptAndOrder(s); }

    [PostgresFact]
    public void Describes_itself_without_the_password()
    {
        using var s = Open();
        Assert.StartsWith("postgres:", s.Description);
        Assert.DoesNotContain("Password", s.Description, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        if (_database is null) return;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(PostgresServer.ConnectionString);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
