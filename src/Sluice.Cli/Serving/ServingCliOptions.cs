using System.CommandLine;
using Sluice.Serving.Client;
using Sluice.Serving.Hosting;

namespace Sluice.Cli.Serving;

/// <summary>Options shared by the serving commands, and their error convention (message on stderr, exit code 1).</summary>
internal static class ServingCliOptions
{
    public static Option<string> DataDirectory() => new("--data-dir")
    {
        Description = "Folder holding the server state (models, versions, labels, API keys). Default: $SLUICE_DATA_DIR or ~/.sluice/serving.",
        DefaultValueFactory = _ => ServerOptions.DefaultDataDirectory(),
    };

    public static Option<string> Url() => new("--url")
    {
        Description = "The model server. Default: $SLUICE_URL or http://127.0.0.1:8501.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SLUICE_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:8501",
    };

    // No DefaultValueFactory: --help prints default values, and this one would be the secret key itself.
    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = "API key (an --admin key for management). Default: $SLUICE_API_KEY.",
    };

    /// <summary>--api-key, else $SLUICE_API_KEY, else null (a server started with --no-auth).</summary>
    public static string? ApiKeyValue(ParseResult parse, Option<string?> key)
        => parse.GetValue(key) ?? (Environment.GetEnvironmentVariable("SLUICE_API_KEY") is { Length: > 0 } fromEnvironment ? fromEnvironment : null);

    public static Option<string> Format() => new Option<string>("--format")
    {
        Description = "Output format.",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json");

    public static ServingClient Client(ParseResult parse, Option<string> url, Option<string?> key)
    {
        string text = parse.GetValue(url)!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            throw new ServingClientException(0, $"--url '{text}' is not an http(s) URL such as http://127.0.0.1:8501.");
        return new ServingClient(address, ApiKeyValue(parse, key));
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }

    /// <summary>Runs a client call, turning server and connection errors into a clear message and exit code 1.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try { return await action().ConfigureAwait(false); }
        catch (ServingClientException e) { return Fail(e.Message); }
        catch (IOException e) { return Fail(e.Message); }
    }
}
