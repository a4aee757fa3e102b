using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Board.Pages;

/// <summary>
/// Serves the pages: a static HTML shell with two small scripts and one stylesheet, embedded in the assembly so the
/// board is a single self-contained library (no CDN, no files to deploy, works offline).
/// </summary>
internal static class PageEndpoints
{
    private static readonly (string Route, string Resource, string ContentType)[] Assets =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/index.html", "index.html", "text/html; charset=utf-8"),
        ("/board.js", "board.js", "text/javascript; charset=utf-8"),
        ("/chart.js", "chart.js", "text/javascript; charset=utf-8"),
        ("/board.css", "board.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapBoardPages(this IEndpointRouteBuilder app)
    {
        foreach ((string route, string resource, string contentType) in Assets)
        {
            byte[] content = ReadResource(resource);
            app.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return TypedResults.File(content, contentType);
            });
        }
        return app;
    }

    private static byte[] ReadResource(string name)
    {
        Assembly assembly = typeof(PageEndpoints).Assembly;
        using Stream stream = assembly.GetManifestResourceStream($"Sluice.Board.wwwroot.{name}")
            ?? throw new InvalidOperationException($"Embedded page asset '{name}' is missing from {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
