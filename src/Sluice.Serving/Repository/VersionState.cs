namespace Sluice.Serving.Repository;

/// <summary>The life of a model version in the server.</summary>
public enum VersionState
{
    /// <summary>Verifying the manifest, loading and warming up (ML Engine CREATING, TF Serving LOADING).</summary>
    Loading,

    /// <summary>Serving requests (ML Engine READY, TF Serving AVAILABLE).</summary>
    Ready,

    /// <summary>The load failed; <c>Error</c> says why (ML Engine FAILED, TF Serving END with an error status).</summary>
    Failed,

    /// <summary>Draining in-flight requests before it is released (TF Serving UNLOADING).</summary>
    Unloading,

    /// <summary>Unloaded (TF Serving END).</summary>
    End,
}

internal static class VersionStateNames
{
    public static string TfServing(this VersionState state) => state switch
    {
        VersionState.Loading => "LOADING",
        VersionState.Ready => "AVAILABLE",
        VersionState.Unloading => "UNLOADING",
        _ => "END",
    };

    public static string MlEngine(this VersionState state) => state switch
    {
        VersionState.Loading => "CREATING",
        VersionState.Ready => "READY",
        VersionState.Failed => "FAILED",
        _ => "DELETING",
    };
}
