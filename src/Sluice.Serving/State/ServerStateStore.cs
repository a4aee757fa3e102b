using System.Globalization;
using Microsoft.Data.Sqlite;
using Sluice.Serving.Repository;

namespace Sluice.Serving.State;

/// <summary>
/// The server's durable state in <c>&lt;data-dir&gt;/sluice-serving.db</c> (SQLite, WAL): models, the versions created
/// through the management API, default versions, labels and API keys. The CLI and a running server share the file.
/// </summary>
public sealed class ServerStateStore
{
    public const string FileName = "sluice-serving.db";
    private readonly string _connectionString;

    public ServerStateStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.Combine(dataDirectory, FileName);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS models(name TEXT PRIMARY KEY, description TEXT, base_path TEXT, policy TEXT NOT NULL,
                default_version INTEGER, created TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS versions(model TEXT NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
                created TEXT NOT NULL, PRIMARY KEY(model, version));
            CREATE TABLE IF NOT EXISTS labels(model TEXT NOT NULL, label TEXT NOT NULL, version INTEGER NOT NULL,
                PRIMARY KEY(model, label));
            CREATE TABLE IF NOT EXISTS api_keys(id TEXT PRIMARY KEY, name TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
                models TEXT, rate_per_minute INTEGER, admin INTEGER NOT NULL, created TEXT NOT NULL, revoked TEXT);
            """);
    }

    public string DatabasePath { get; }

    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    internal void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        Execute(connection, sql, parameters);
    }

    internal static string Timestamp(DateTime utc) => utc.ToString("O", CultureInfo.InvariantCulture);
    internal static DateTime ParseTimestamp(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    // ---- models, versions, labels ----

    internal void UpsertModel(ServedModel model) => Execute("""
        INSERT INTO models(name, description, base_path, policy, default_version, created) VALUES($n, $d, $b, $p, $v, $c)
        ON CONFLICT(name) DO UPDATE SET description = $d, base_path = $b, policy = $p, default_version = $v
        """, ("$n", model.Name), ("$d", model.Description), ("$b", model.BasePath), ("$p", model.Policy.ToString()),
        ("$v", model.ExplicitDefault), ("$c", Timestamp(model.CreatedUtc)));

    internal void DeleteModel(string name)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (string table in new[] { "labels", "versions" })
            Execute(connection, $"DELETE FROM {table} WHERE model = $m", ("$m", name));
        Execute(connection, "DELETE FROM models WHERE name = $m", ("$m", name));
        transaction.Commit();
    }

    internal void InsertVersion(string model, long version, string origin, DateTime createdUtc) => Execute(
        "INSERT OR REPLACE INTO versions(model, version, origin, created) VALUES($m, $v, $o, $c)",
        ("$m", model), ("$v", version), ("$o", origin), ("$c", Timestamp(createdUtc)));

    internal void DeleteVersion(string model, long version) => Execute(
        "DELETE FROM versions WHERE model = $m AND version = $v", ("$m", model), ("$v", version));

    internal void SetLabel(string model, string label, long? version)
    {
        if (version is null) Execute("DELETE FROM labels WHERE model = $m AND label = $l", ("$m", model), ("$l", label));
        else Execute("INSERT OR REPLACE INTO labels(model, label, version) VALUES($m, $l, $v)", ("$m", model), ("$l", label), ("$v", version));
    }

    internal sealed record StoredModel(string Name, string? Description, string? BasePath, string Policy, long? DefaultVersion,
        DateTime CreatedUtc, List<(long Version, string Origin, DateTime CreatedUtc)> Versions, Dictionary<string, long> Labels);

    internal List<StoredModel> LoadModels()
    {
        using var connection = Open();
        var models = new Dictionary<string, StoredModel>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, description, base_path, policy, default_version, created FROM models ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var model = new StoredModel(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4),
                    ParseTimestamp(reader.GetString(5)), [], new Dictionary<string, long>(StringComparer.Ordinal));
                models[model.Name] = model;
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT model, version, origin, created FROM versions ORDER BY model, version";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (models.TryGetValue(reader.GetString(0), out var model))
                    model.Versions.Add((reader.GetInt64(1), reader.GetString(2), ParseTimestamp(reader.GetString(3))));
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT model, label, version FROM labels";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (models.TryGetValue(reader.GetString(0), out var model)) model.Labels[reader.GetString(1)] = reader.GetInt64(2);
            }
        }
        return [.. models.Values];
    }
}
