using Sluice.Data.Profiling;
using Sluice.TestKit;

namespace Sluice.Board.Tests;

/// <summary>A real `sluice data describe --format json` profile of a slice of census (with a header row added).</summary>
internal static class CensusProfile
{
    private const string Header = "age,workclass,fnlwgt,education,education_num,marital_status,occupation,relationship,race,gender,capital_gain,capital_loss,hours_per_week,native_country,income_bracket";

    /// <summary>Profiles the first <paramref name="rows"/> rows of adult.data; writes <c>census.profile.json</c> in <paramref name="directory"/>.</summary>
    public static (string Path, DatasetProfile Profile) Write(string directory, int rows = 400)
    {
        string csv = System.IO.Path.Combine(directory, "census-slice.csv");
        File.WriteAllLines(csv, [Header, .. File.ReadLines(RepoPaths.Samples("census", "data", "adult.data")).Take(rows)]);
        DatasetProfile profile = DatasetProfiler.Profile(csv);
        string path = System.IO.Path.Combine(directory, "census.profile.json");
        File.WriteAllText(path, ProfileJson.Write(profile));
        return (path, profile);
    }
}
