using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sluice.Board.Profiles;

namespace Sluice.Board.Api;

/// <summary>The Data page's API: which dataset profiles there are, and one profile document as written by <c>sluice data describe</c>.</summary>
internal static class ProfilesEndpoints
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/profiles", List);
        app.MapGet("/api/profiles/data", Get);
        return app;
    }

    /// <summary>GET /api/profiles: <c>{profiles: [{name, path, error}]}</c>.</summary>
    private static Ok<ProfilesResponse> List(ProfileCatalog catalog) => TypedResults.Ok(new ProfilesResponse(catalog.List()));

    /// <summary>GET /api/profiles/data?path=P: the profile document (only paths the catalogue lists).</summary>
    private static Results<FileContentHttpResult, BadRequest<ApiError>, NotFound<ApiError>> Get(HttpRequest request, ProfileCatalog catalog)
    {
        string? path = request.Query["path"];
        if (string.IsNullOrEmpty(path)) return TypedResults.BadRequest(new ApiError("Query parameter 'path' is required."));
        return catalog.TryRead(path) is { } bytes
            ? TypedResults.File(bytes, "application/json")
            : TypedResults.NotFound(new ApiError($"No readable profile '{path}' (the Data page lists the profiles it can show)."));
    }
}
