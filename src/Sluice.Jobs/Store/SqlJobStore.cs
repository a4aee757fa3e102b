using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sluice.Jobs.Model;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Store;

/// <summary>
/// The job store on plain ADO.NET, one SQL text for SQLite (default: WAL, one file in the data dir) and PostgreSQL
/// (several engines sharing state). Times are ISO-8601 UTC text, which sorts in time order in both.
/// </summary>
public sealed class SqlJobStore : IJobStore
{
    private const string Columns = "job_id, parent_job_id, state, spec_json, create_time, start_time, end_time, error_message, owner, handle, attempt, output_json";
    private readonly Func<DbConnection> _connect;
    private readonly NpgsqlDataSource? _dataSource;

    private SqlJobStore(Func<DbConnection> connect, NpgsqlDataSource? dataSource, string description)
    {
        _connect = connect;
        _dataSource = dataSource;
        Description = description;
        using var connection = Open();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS sluice_jobs (
                job_id TEXT PRIMARY KEY,
                parent_job_id TEXT,
                state TEXT NOT NULL,
                spec_json TEXT NOT NULL,
                create_time TEXT NOT NULL,
                start_time TEXT,
                end_time TEXT,
                error_message TEXT,
                owner TEXT,
                handle TEXT,
                attempt INTEGER NOT NULL DEFAULT 0,
                output_json TEXT)
            """);
        Execute(connection, "CREATE INDEX IF NOT EXISTS sluice_jobs_state ON sluice_jobs (state, create_time)");
        Execute(connection, "CREATE INDEX IF NOT EXISTS sluice_jobs_parent ON sluice_jobs (parent_job_id, create_time)");
    }

    /// <summary>"sqlite:/path/jobs.db" or "postgres:Host=...": what the engine prints at start-up (no password).</summary>
    public string Description { get; }

    /// <summary>A SQLite file (created if missing) in WAL mode, so readers never block the scheduler.</summary>
    public static SqlJobStore OpenSqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL");
        }
        return new SqlJobStore(() => new SqliteConnection(connectionString), null, $"sqlite:{Path.GetFullPath(path)}");
    }

    /// <summary>A PostgreSQL database (Npgsql connection string); the table is created if missing.</summary>
    public static SqlJobStore OpenPostgres(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var shown = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
        try { return new SqlJobStore(() => dataSource.CreateConnection(), dataSource, $"postgres:{shown}"); }
        catch { dataSource.Dispose(); throw; }
    }

    /// <summary>Opens <c>sqlite:&lt;path&gt;</c> or <c>postgres:&lt;connection string&gt;</c>; a bare path means SQLite.</summary>
    public static SqlJobStore Open(string location)
    {
        if (location.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase)) return OpenPostgres(location["postgres:".Length..]);
        if (location.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase)) return OpenPostgres(location["postgresql:".Length..]);
        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return OpenSqlite(location["sqlite:".Length..]);
        return OpenSqlite(location);
    }

    public bool TryCreate(JobRecord job)
    {
        using var connection = Open();
        return Execute(connection, $"INSERT INTO sluice_jobs ({Columns}) VALUES (@id, @parent, @state, @spec, @created, @started, @ended, @error, @owner, @handle, @attempt, @output) ON CONFLICT (job_id) DO NOTHING",
            ("id", job.JobId), ("parent", job.ParentJobId), ("state", job.State.Name()), ("spec", JobSpecWriter.ToJsonString(job.Spec)),
            ("created", Time(job.CreateTime)), ("started", Time(job.StartTime)), ("ended", Time(job.EndTime)), ("error", job.ErrorMessage),
            ("owner", job.Owner), ("handle", job.Handle), ("attempt", job.Attempt), ("output", job.Output?.ToJsonString())) == 1;
    }

    public JobRecord? Get(string jobId)
    {
        using var connection = Open();
        return Query(connection, $"SELECT {Columns} FROM sluice_jobs WHERE job_id = @id", ("id", jobId)) is [var job] ? job : null;
    }

    public JobPage List(JobFilter filter, int pageSize = 20, string? pageToken = null)
    {
        if (pageSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize must be 1..1000.");
        int offset = 0;
        if (pageToken is { Length: > 0 } && !TryReadPageToken(pageToken, out offset))
            throw new FormatException($"pageToken '{pageToken}' is not one this service issued (pass the nextPageToken of the previous page).");
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (filter.LikePattern is { } like) { where.Add("job_id LIKE @like ESCAPE '\\'"); parameters.Add(("like", like)); }
        if (filter.State is { } state) { where.Add("state = @state"); parameters.Add(("state", state.Name())); }
        if (filter.ParentJobId is { } parent) { where.Add("parent_job_id = @parent"); parameters.Add(("parent", parent)); }
        if (filter.TopLevelOnly) where.Add("parent_job_id IS NULL");
        string sql = $"SELECT {Columns} FROM sluice_jobs {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} ORDER BY create_time, job_id LIMIT {pageSize + 1} OFFSET {offset}";
        using var connection = Open();
        var jobs = Query(connection, sql, [.. parameters]);
        string? next = null;
        if (jobs.Count > pageSize)
        {
            jobs.RemoveAt(jobs.Count - 1);
            next = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + pageSize).ToString(CultureInfo.InvariantCulture)));
        }
        return new JobPage(jobs, next);
    }

    private static bool TryReadPageToken(string token, out int offset)
    {
        offset = 0;
        if (token.Length > 64) return false;
        Span<byte> bytes = stackalloc byte[token.Length];
        return Convert.TryFromBase64String(token, bytes, out int length)
            && int.TryParse(Encoding.UTF8.GetString(bytes[..length]), CultureInfo.InvariantCulture, out offset) && offset >= 0;
    }

    public JobRecord? TryClaimNext(string owner, DateTime now, Func<JobRecord, bool>? accept = null)
    {
        using var connection = Open();
        foreach (var candidate in Query(connection, $"SELECT {Columns} FROM sluice_jobs WHERE state = 'QUEUED' ORDER BY create_time, job_id LIMIT 50"))
        {
            if (accept is not null && !accept(candidate)) continue;
            // Compare-and-set on the state: of two engines racing for the same row exactly one sees 1 row changed.
            int changed = Execute(connection, "UPDATE sluice_jobs SET state = 'PREPARING', owner = @owner, start_time = COALESCE(start_time, @now) WHERE job_id = @id AND state = 'QUEUED'",
                ("owner", owner), ("now", Time(now)), ("id", candidate.JobId));
            if (changed == 1) return Query(connection, $"SELECT {Columns} FROM sluice_jobs WHERE job_id = @id", ("id", candidate.JobId))[0];
        }
        return null;
    }

    public JobRecord? TryUpdate(string jobId, IReadOnlyCollection<JobState> expected, JobUpdate update)
    {
        var sets = new List<string>();
        var parameters = new List<(string, object?)> { ("id", jobId) };
        void Set(string column, object? value) { sets.Add($"{column} = @{column}"); parameters.Add((column, value)); }
        if (update.State is { } state) Set("state", state.Name());
        if (update.StartTime is { } start) Set("start_time", Time(start));
        if (update.EndTime is { } end) Set("end_time", Time(end));
        if (update.ErrorMessage is { } error) Set("error_message", error);
        if (update.Owner is { } owner) Set("owner", owner);
        if (update.Handle is { } handle) Set("handle", handle);
        else if (update.ClearHandle) Set("handle", null);
        if (update.Attempt is { } attempt) Set("attempt", attempt);
        if (update.Output is { } output) Set("output_json", output.ToJsonString());
        if (sets.Count == 0) throw new ArgumentException("the update changes nothing.", nameof(update));
        var states = expected.ToArray();
        for (int i = 0; i < states.Length; i++) parameters.Add(($"s{i}", states[i].Name()));
        string sql = $"UPDATE sluice_jobs SET {string.Join(", ", sets)} WHERE job_id = @id AND state IN ({string.Join(", ", states.Select((_, i) => $"@s{i}"))})";
        using var connection = Open();
        if (Execute(connection, sql, [.. parameters]) != 1) return null;
        return Query(connection, $"SELECT {Columns} FROM sluice_jobs WHERE job_id = @id", ("id", jobId))[0];
    }

    public IReadOnlyList<JobRecord> ListInStates(IReadOnlyCollection<JobState> states, string? owner = null)
    {
        var list = states.ToArray();
        var parameters = new List<(string, object?)>();
        for (int i = 0; i < list.Length; i++) parameters.Add(($"s{i}", list[i].Name()));
        string sql = $"SELECT {Columns} FROM sluice_jobs WHERE state IN ({string.Join(", ", list.Select((_, i) => $"@s{i}"))})";
        if (owner is not null) { sql += " AND owner = @owner"; parameters.Add(("owner", owner)); }
        using var connection = Open();
        return Query(connection, sql + " ORDER BY create_time, job_id", [.. parameters]);
    }

    public IReadOnlyList<JobRecord> Children(string parentJobId)
    {
        using var connection = Open();
        return Query(connection, $"SELECT {Columns} FROM sluice_jobs WHERE parent_job_id = @parent ORDER BY create_time, job_id", ("parent", parentJobId));
    }

    public void Dispose()
    {
        _dataSource?.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private DbConnection Open()
    {
        var connection = _connect();
        connection.Open();
        return connection;
    }

    private static int Execute(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static List<JobRecord> Query(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var result = new List<JobRecord>();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            result.Add(new JobRecord(
                JobId: reader.GetString(0),
                Spec: JobSpecWriter.FromJsonString(reader.GetString(3)),
                State: JobStates.Parse(reader.GetString(2)),
                CreateTime: ParseTime(reader.GetString(4)),
                StartTime: Text(5) is { } s ? ParseTime(s) : null,
                EndTime: Text(6) is { } e ? ParseTime(e) : null,
                ErrorMessage: Text(7),
                ParentJobId: Text(1),
                Owner: Text(8),
                Handle: Text(9),
                Attempt: Convert.ToInt32(reader.GetValue(10), CultureInfo.InvariantCulture),
                Output: Text(11) is { } o ? JsonNode.Parse(o)!.AsObject() : null));
        }
        return result;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null) parameter.DbType = System.Data.DbType.String;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static string? Time(DateTime? utc) => utc?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
