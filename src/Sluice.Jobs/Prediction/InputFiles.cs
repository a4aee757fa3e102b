namespace Sluice.Jobs.Prediction;

/// <summary>Expands <c>inputPaths</c>: a file, or a glob with <c>*</c> / <c>?</c> in the file name part.</summary>
public static class InputFiles
{
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> patterns)
    {
        var files = new List<string>();
        for (int i = 0; i < patterns.Count; i++)
        {
            string pattern = patterns[i];
            string directory = Path.GetDirectoryName(pattern) is { Length: > 0 } d ? d : ".";
            string name = Path.GetFileName(pattern);
            if (directory.AsSpan().IndexOfAny('*', '?') >= 0)
                throw new ArgumentException($"predictionInput.inputPaths[{i}]: '{pattern}': wildcards are allowed in the file name only.");
            var matched = name.AsSpan().IndexOfAny('*', '?') >= 0
                ? (Directory.Exists(directory) ? Directory.GetFiles(directory, name).Order(StringComparer.Ordinal).ToArray() : [])
                : File.Exists(pattern) ? [pattern] : [];
            if (matched.Length == 0) throw new ArgumentException($"predictionInput.inputPaths[{i}]: '{pattern}' matched no files.");
            files.AddRange(matched.Where(f => !files.Contains(f)));
        }
        return files;
    }
}
