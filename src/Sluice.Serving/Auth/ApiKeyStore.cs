using System.Security.Cryptography;
using System.Text;
using Sluice.Serving.State;

namespace Sluice.Serving.Auth;

/// <summary>
/// Creates, lists and revokes API keys in the state database. A key is <c>slk_&lt;id&gt;.&lt;secret&gt;</c>: the id finds the
/// record, the secret is checked against SHA-256(salt ‖ secret) in constant time. The full key is returned once.
/// </summary>
public sealed class ApiKeyStore(ServerStateStore store)
{
    private const string Prefix = "slk_";

    /// <summary>Creates a key and returns it with its record; the key text is not recoverable afterwards.</summary>
    public (string Key, ApiKeyRecord Record) Create(string name, IReadOnlyList<string>? models, int? ratePerMinute, bool admin)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A key needs a name.", nameof(name));
        if (ratePerMinute is <= 0) throw new ArgumentException("--rate must be a positive number of requests per minute.", nameof(ratePerMinute));
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        string secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        var record = new ApiKeyRecord(id, name, salt, HashSecret(salt, secret), models is { Count: > 0 } ? models : null,
            ratePerMinute, admin, DateTime.UtcNow, null);
        store.Execute("""
            INSERT INTO api_keys(id, name, salt, hash, models, rate_per_minute, admin, created, revoked)
            VALUES($id, $name, $salt, $hash, $models, $rate, $admin, $created, NULL)
            """, ("$id", id), ("$name", name), ("$salt", salt), ("$hash", record.Hash),
            ("$models", record.Models is null ? null : string.Join(',', record.Models)), ("$rate", ratePerMinute),
            ("$admin", admin ? 1 : 0), ("$created", ServerStateStore.Timestamp(record.CreatedUtc)));
        return ($"{Prefix}{id}.{secret}", record);
    }

    /// <summary>Every key ever created (revoked ones too), oldest first.</summary>
    public IReadOnlyList<ApiKeyRecord> List() => Query("ORDER BY created, id", null);

    /// <summary>The key with id <paramref name="id"/>, or null.</summary>
    public ApiKeyRecord? Find(string id) => Query("WHERE id = $id", id) is [var record] ? record : null;

    private List<ApiKeyRecord> Query(string clause, string? id)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, salt, hash, models, rate_per_minute, admin, created, revoked FROM api_keys " + clause;
        if (id is not null) command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (reader.Read())
        {
            keys.Add(new ApiKeyRecord(reader.GetString(0), reader.GetString(1), (byte[])reader[2], (byte[])reader[3],
                reader.IsDBNull(4) ? null : reader.GetString(4).Split(','), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetInt32(6) != 0, ServerStateStore.ParseTimestamp(reader.GetString(7)),
                reader.IsDBNull(8) ? null : ServerStateStore.ParseTimestamp(reader.GetString(8))));
        }
        return keys;
    }

    /// <summary>Revokes the key with id (or name) <paramref name="idOrName"/>; false when none matches.</summary>
    public bool Revoke(string idOrName)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked = $now WHERE (id = $k OR name = $k) AND revoked IS NULL";
        command.Parameters.AddWithValue("$now", ServerStateStore.Timestamp(DateTime.UtcNow));
        command.Parameters.AddWithValue("$k", idOrName.StartsWith(Prefix, StringComparison.Ordinal) ? idOrName[Prefix.Length..].Split('.')[0] : idOrName);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>Splits a presented key into id and secret; false when it does not have the key shape.</summary>
    public static bool TrySplit(ReadOnlySpan<char> key, out string id, out string secret)
    {
        id = secret = "";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = key[Prefix.Length..];
        int dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1) return false;
        id = rest[..dot].ToString();
        secret = rest[(dot + 1)..].ToString();
        return true;
    }

    /// <summary>Whether <paramref name="secret"/> matches the record, compared in constant time.</summary>
    public static bool Matches(ApiKeyRecord record, string secret)
        => CryptographicOperations.FixedTimeEquals(HashSecret(record.Salt, secret), record.Hash);

    private static byte[] HashSecret(byte[] salt, string secret)
    {
        int length = Encoding.UTF8.GetByteCount(secret);
        byte[] material = new byte[salt.Length + length];
        salt.CopyTo(material, 0);
        Encoding.UTF8.GetBytes(secret, material.AsSpan(salt.Length));
        return SHA256.HashData(material);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
