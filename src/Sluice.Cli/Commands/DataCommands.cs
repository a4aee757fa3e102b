using System.CommandLine;
using System.Globalization;
using Sluice.Data;
using Sluice.Data.Profiling;
using Sluice.Data.Schema;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice data describe</c> (per-column profile as a table, JSON or an HTML page) and <c>sluice data schema</c>
/// (infer a schema from a sample and write it for editing).
/// </summary>
internal static class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "Look at a data set: profile its columns or infer its schema.");
        data.Subcommands.Add(CreateDescribe());
        data.Subcommands.Add(CreateSchema());
        return data;
    }

    private sealed record ReadFlags(Option<string> Header, Option<char?> Delimiter, Option<string[]> Missing, Option<int?> SkipLines, Option<string?> Comment)
    {
        public static ReadFlags Create() => new(
            new Option<string>("--header") { Description = "Whether the first line names the columns: auto, true or false.", DefaultValueFactory = _ => "auto" },
            new Option<char?>("--delimiter") { Description = "Field separator (default ',')." },
            new Option<string[]>("--missing") { Description = "Cell texts meaning missing (default: empty, ?, NA).", AllowMultipleArgumentsPerToken = true },
            new Option<int?>("--skip-lines") { Description = "Lines to drop at the start of the file." },
            new Option<string?>("--comment-prefix") { Description = "Ignore lines starting with this text (e.g. '|')." });

        public void AddTo(Command command)
        {
            command.Options.Add(Header);
            command.Options.Add(Delimiter);
            command.Options.Add(Missing);
            command.Options.Add(SkipLines);
            command.Options.Add(Comment);
        }

        public (ReadOptions Options, bool? Header) Read(ParseResult parse)
        {
            var options = new ReadOptions();
            if (parse.GetValue(Delimiter) is char d) options.Delimiter = d;
            if (parse.GetValue(Missing) is { Length: > 0 } missing) options.MissingTokens = [.. missing];
            if (parse.GetValue(SkipLines) is int skip) options.SkipLines = skip;
            if (parse.GetValue(Comment) is { Length: > 0 } comment) options.CommentPrefix = comment;
            bool? header = parse.GetValue(Header)?.ToLowerInvariant() switch
            {
                "true" or "yes" => true,
                "false" or "no" => false,
                "auto" or null => null,
                var other => throw new ArgumentException($"--header must be auto, true or false; got '{other}'."),
            };
            return (options, header);
        }
    }

    private static Command CreateDescribe()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV or JSON Lines (.jsonl) file to profile." };
        var schema = new Option<FileInfo?>("--schema") { Description = "Schema (.yaml or .json) to read with; without it one is inferred from the first 10,000 rows." };
        var format = new Option<string>("--format") { Description = "Output: table, json or html.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "html");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file (atomically) instead of the terminal." };
        var flags = ReadFlags.Create();

        var command = new Command("describe", "Profile each column: type, count, missing, distinct, min, max, mean, std, quartiles, histogram or top values.");
        command.Arguments.Add(file);
        command.Options.Add(schema);
        command.Options.Add(format);
        command.Options.Add(output);
        flags.AddTo(command);
        command.SetAction(parse => Run(() =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) return Fail($"Data file '{path.FullName}' does not exist.");
            var given = parse.GetValue(schema) is { } schemaFile ? LoadSchema(schemaFile) : null;
            var (readOptions, header) = flags.Read(parse);
            var profile = ProfileWithProgress(path, given, readOptions, header);
            string? target = parse.GetValue(output)?.FullName;
            switch (parse.GetValue(format))
            {
                case "json": Emit(ProfileJson.Write(profile) + "\n", target); break;
                case "html": Emit(ProfileHtml.Render(profile), target); break;
                default:
                    if (target is null && !Console.IsOutputRedirected) WriteTable(AnsiConsole.Console, profile);
                    else
                    {
                        // A file or a pipe: plain text, wide enough that the table does not wrap.
                        var writer = new StringWriter();
                        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
                        console.Profile.Width = 180;
                        WriteTable(console, profile);
                        Emit(writer.ToString(), target);
                    }
                    break;
            }
            if (target is not null) Console.Error.WriteLine($"Wrote {target}");
            return 0;
        }));
        return command;
    }

    private static Command CreateSchema()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV or JSON Lines file to infer the schema of." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the schema here (.yaml/.yml or .json, atomically); default: print YAML." };
        var format = new Option<string?>("--format") { Description = "yaml or json (default: from --output's extension, else yaml)." };
        format.AcceptOnlyFromAmong("yaml", "json");
        var sample = new Option<int>("--sample-rows") { Description = "Rows to look at.", DefaultValueFactory = _ => 10_000 };
        var label = new Option<string?>("--label") { Description = "Name of the label column (recorded in the schema)." };
        var flags = ReadFlags.Create();

        var command = new Command("schema", "Infer a schema (column names, float32/int64/string, vocabularies) from a sample and write it for editing.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(format);
        command.Options.Add(sample);
        command.Options.Add(label);
        flags.AddTo(command);
        command.SetAction(parse => Run(() =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) return Fail($"Data file '{path.FullName}' does not exist.");
            if (parse.GetValue(sample) < 1) return Fail("--sample-rows must be at least 1.");
            var (readOptions, header) = flags.Read(parse);
            var schema = SchemaInference.Infer(path.FullName, readOptions, header, parse.GetValue(sample));
            if (parse.GetValue(label) is { } labelName)
            {
                if (schema.IndexOf(labelName) < 0) return Fail($"--label '{labelName}' is not a column; columns: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
                schema.Label = labelName;
            }
            var target = parse.GetValue(output);
            string kind = parse.GetValue(format) ?? (target?.Extension.ToLowerInvariant() == ".json" ? "json" : "yaml");
            string text = kind == "json" ? SchemaSerializer.ToJson(schema) + "\n" : SchemaSerializer.ToYaml(schema);
            Emit(text, target?.FullName);
            if (target is not null)
                Console.Error.WriteLine($"Wrote {target.FullName}: {schema.Columns.Count} columns ({string.Join(", ", schema.Columns.Select(c => $"{c.Name}:{Kind(c.Kind)}"))}).");
            return 0;
        }));
        return command;
    }

    private static DatasetProfile ProfileWithProgress(FileInfo path, DataSchema? schema, ReadOptions readOptions, bool? header)
    {
        // A progress bar on stderr for files that take a while; none when stderr is redirected (CI, pipes).
        if (Console.IsErrorRedirected || path.Length < 64L << 20)
            return DatasetProfiler.Profile(path.FullName, schema, null, readOptions, header);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        DatasetProfile? result = null;
        console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"profiling {path.Name}", maxValue: 1.0);
                result = DatasetProfiler.Profile(path.FullName, schema, new Progress<double>(f => task.Value = f), readOptions, header);
                task.Value = 1.0;
            });
        return result!;
    }

    private static void WriteTable(IAnsiConsole console, DatasetProfile profile)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Path.GetFileName(profile.File)}: {profile.Rows:N0} rows, {profile.Columns.Count} columns{(profile.SchemaInferred ? " (schema inferred)" : "")}");
        foreach (string heading in new[] { "column", "type", "count", "missing", "distinct", "min", "max", "mean", "std", "q1", "median", "q3", "top values / histogram" })
            table.AddColumn(new TableColumn(heading) { Alignment = heading is "column" or "type" or "top values / histogram" ? Justify.Left : Justify.Right });
        foreach (var c in profile.Columns)
        {
            string detail = c.TopValues is { Count: > 0 } top
                ? string.Join(", ", top.Take(2).Select(v => $"{Shorten(v.Value)} {v.Count:N0}")) + (c.Distinct > 2 ? ", …" : "")
                : c.Histogram is { Count: > 0 } bins ? Sparkline(bins) : "";
            string approx = c.QuantilesExact ? "" : "≈";
            table.AddRow(
                Markup.Escape(c.Name), c.Type, c.Count.ToString("N0", CultureInfo.InvariantCulture), c.Missing.ToString("N0", CultureInfo.InvariantCulture),
                (c.DistinctExact ? "" : "≈") + c.Distinct.ToString("N0", CultureInfo.InvariantCulture),
                Num(c.Min), Num(c.Max), Num(c.Mean), Num(c.Std), approx + Num(c.Q1), approx + Num(c.Median), approx + Num(c.Q3), Markup.Escape(detail));
        }
        console.Write(table);
        if (profile.RowsSkipped > 0)
        {
            console.MarkupLine($"[yellow]{profile.RowsSkipped:N0} malformed rows skipped.[/] First:");
            foreach (string example in profile.SkippedExamples.Take(3)) console.WriteLine("  " + example);
        }
        console.MarkupLine($"[grey]{Markup.Escape(profile.ErrorBounds)}[/]");
        console.MarkupLine($"[grey]{profile.Bytes / 1048576.0:0.0} MiB in {profile.Seconds:0.00} s[/]");
    }

    private static string Shorten(string value) => value.Length > 14 ? value[..13] + "…" : value;

    private static string Sparkline(IReadOnlyList<HistogramBin> bins)
    {
        const string levels = "▁▂▃▄▅▆▇█";
        long peak = Math.Max(1, bins.Max(b => b.Count));
        return string.Concat(bins.Select(b => b.Count == 0 ? ' ' : levels[(int)Math.Min(levels.Length - 1, b.Count * levels.Length / (peak + 1))]));
    }

    private static string Num(double? value) => value is not double v ? "" :
        Math.Abs(v) >= 1e6 || (v != 0 && Math.Abs(v) < 1e-3) ? v.ToString("0.###e0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Kind(Sluice.Data.Columns.ColumnKind kind) => kind.ToString().ToLowerInvariant();

    private static DataSchema LoadSchema(FileInfo file)
    {
        if (!file.Exists) throw new FileNotFoundException($"Schema file '{file.FullName}' does not exist.", file.FullName);
        return SchemaSerializer.Load(file.FullName);
    }

    /// <summary>Prints <paramref name="text"/>, or writes it to <paramref name="path"/> via a temp file and a rename.</summary>
    private static void Emit(string text, string? path)
    {
        if (path is null)
        {
            Console.Out.Write(text);
            return;
        }
        Sluice.Data.AtomicFile.WriteAllText(path, text);
    }

    private static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is DataFormatException or DataSchemaException or FileNotFoundException or ArgumentException or IOException)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
