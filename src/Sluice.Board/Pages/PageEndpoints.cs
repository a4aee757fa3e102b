using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Board.Pages;

/// <summary>
/// Serves the pages: static HTML shells with small scripts and one stylesheet, embedded in the assembly so the board
/// is a single self-contained library (no CDN, no files to deploy, works offline). Every page and script uses
/// relative URLs, so the same files work at <c>/</c> (<c>sluice board</c>) and under <c>/board/</c> (<c>sluice engine</c>).
/// </summary>
internal static class PageEndpoints
{
    private const string ResourcePrefix = "Sluice.Board.wwwroot.";

    public static IEndpointRouteBuilder MapBoardPages(this IEndpointRouteBuilder app)
    {
        Assembly assembly = typeof(PageEndpoints).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            string name = resource[ResourcePrefix.Length..];
            byte[] content = ReadResource(assembly, resource);
            string contentType = ContentTypeOf(name);
            IResult Serve(HttpContext context)
            {
                context.Response.Headers.CacheControl = "no-cache";
                return TypedResults.File(content, contentType);
            }
            app.MapGet("/" + name, Serve);
            if (name == "index.html") app.MapGet("/", Serve);
        }
        app.MapGet("/api/config", GetConfig);
        return app;
    }

    /// <summary>GET /api/config: what the pages need to know about their host (which tabs to show).</summary>
    private static Ok<BoardConfig> GetConfig(BoardOptions options) => TypedResults.Ok(new BoardConfig(options.EngineConsole));

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static byte[] ReadResource(Assembly assembly, string resource)
    {
        using Stream stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded page asset '{resource}' is missing from {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
