using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Protocol;

/// <summary>
/// Parses TF Serving request bodies straight from UTF-8 into a column batch, validating against the signature:
/// <c>{"instances": [...]}</c> (rows), <c>{"inputs": {...}}</c> (columns) and <c>{"examples": [...], "context": {...}}</c>.
/// Every error is a 400 naming the JSON path (<c>instances[3].age</c>); too many instances is a 413.
/// </summary>
internal static class RequestParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    /// <param name="ignoreUnknownFeatures">skip features the signature does not know instead of answering 400</param>
    public static ParsedRequest ParsePredict(ReadOnlySpan<byte> body, ServingSignature signature, int maxInstances, bool ignoreUnknownFeatures = false)
        => Parse(body, signature, maxInstances, examples: false, ignoreUnknownFeatures);

    public static ParsedRequest ParseExamples(ReadOnlySpan<byte> body, ServingSignature signature, int maxInstances, bool ignoreUnknownFeatures = false)
        => Parse(body, signature, maxInstances, examples: true, ignoreUnknownFeatures);

    private static ParsedRequest Parse(ReadOnlySpan<byte> body, ServingSignature signature, int maxInstances, bool examples, bool ignoreUnknownFeatures)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        var builder = new InstanceBuilder(signature, maxInstances) { IgnoreUnknownFeatures = ignoreUnknownFeatures };
        string? signatureName = null;
        bool rows = false, columns = false;
        try
        {
            var context = examples ? ReadContext(body, builder) : [];
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw ServingException.BadRequest("The request body must be a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("signature_name"u8))
                {
                    reader.Read();
                    signatureName = reader.TokenType == JsonTokenType.String ? reader.GetString()
                        : throw ServingException.BadRequest("signature_name: expected a string.");
                }
                else if (!examples && reader.ValueTextEquals("instances"u8)) { ThrowIf(columns); reader.Read(); ReadRows(ref reader, builder, "instances"); rows = true; }
                else if (!examples && reader.ValueTextEquals("inputs"u8)) { ThrowIf(rows); reader.Read(); ReadColumns(ref reader, builder); columns = true; }
                else if (examples && reader.ValueTextEquals("examples"u8)) { reader.Read(); ReadRows(ref reader, builder, "examples", context); rows = true; }
                else if (examples && reader.ValueTextEquals("context"u8)) { reader.Read(); reader.Skip(); } // read up front
                else
                {
                    string expected = examples ? "'examples', 'context' or 'signature_name'" : "'instances', 'inputs' or 'signature_name'";
                    throw ServingException.BadRequest($"Unknown key '{reader.GetString()}' in the request body; expected {expected}.");
                }
            }
        }
        catch (JsonException e)
        {
            throw ServingException.BadRequest($"Malformed JSON: {e.Message}");
        }
        if (!rows && !columns)
            throw ServingException.BadRequest(examples ? "Missing 'examples' in the request body." : "Missing 'instances' or 'inputs' in the request body.");
        if (builder.Rows == 0) throw ServingException.BadRequest(examples ? "'examples' is empty." : "No instances in the request.");
        return new ParsedRequest(builder.ToBatch(), columns, signatureName);
    }

    private static void ThrowIf(bool otherFormatSeen)
    {
        if (otherFormatSeen) throw ServingException.BadRequest("The request has both 'instances' and 'inputs'; send exactly one.");
    }

    private static void ReadRows(ref Utf8JsonReader reader, InstanceBuilder builder, string key, List<(int Index, byte[] Value)>? context = null)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw ServingException.BadRequest($"{key}: expected a list of instances.");
        bool singleInput = builder.InputCount == 1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            builder.BeginRow();
            int row = builder.Rows;
            var rowPath = new ValuePath(key, row);
            if (reader.TokenType == JsonTokenType.StartObject && !IsB64Object(reader))
            {
                ReadObjectFeatures(ref reader, builder, row, rowPath, seenCheck: true);
            }
            else if (singleInput)
            {
                builder.MarkSeen(0);
                ReadValue(ref reader, builder, 0, row, rowPath);
            }
            else
            {
                throw ServingException.BadRequest($"{rowPath}: expected an object of named features ({builder.InputNames}), got {Describe(reader.TokenType)}.");
            }
            if (context is not null) ApplyContext(context, builder, row, rowPath);
            builder.EndRow(rowPath);
        }
    }

    private static void ReadObjectFeatures(ref Utf8JsonReader reader, InstanceBuilder builder, int row, ValuePath rowPath, bool seenCheck)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int index = FeatureIndex(ref reader, builder, rowPath);
            if (index < 0) { reader.Read(); reader.Skip(); continue; }
            if (seenCheck && !builder.MarkSeen(index))
                throw ServingException.BadRequest($"{rowPath}: feature '{builder.Input(index).Name}' is given twice.");
            reader.Read();
            ReadValue(ref reader, builder, index, row, rowPath.WithFeature(builder.Input(index).Name));
        }
    }

    private static int FeatureIndex(ref Utf8JsonReader reader, InstanceBuilder builder, ValuePath path)
    {
        var buffer = builder.NameBuffer;
        int length = reader.HasValueSequence || reader.ValueSpan.Length > buffer.Length ? -1 : reader.CopyString(buffer);
        int index = length < 0 ? -1 : builder.IndexOf(buffer.AsSpan(0, length));
        if (index < 0 && !builder.IgnoreUnknownFeatures)
            throw ServingException.BadRequest($"{path}: unknown feature '{reader.GetString()}'; the signature's inputs are {builder.InputNames}.");
        return index;
    }

    private static void ReadColumns(ref Utf8JsonReader reader, InstanceBuilder builder)
    {
        if (reader.TokenType == JsonTokenType.StartArray && builder.InputCount == 1)
        {
            int rows = ReadColumnList(ref reader, builder, 0, new ValuePath("inputs"));
            FinishColumns(builder, rows, [true]);
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
            throw ServingException.BadRequest($"inputs: expected an object of named feature lists ({builder.InputNames}).");
        var given = new bool[builder.InputCount];
        int expectedRows = -1;
        string? firstName = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int index = FeatureIndex(ref reader, builder, new ValuePath("inputs"));
            if (index < 0) { reader.Read(); reader.Skip(); continue; }
            string name = builder.Input(index).Name;
            if (given[index]) throw ServingException.BadRequest($"inputs: feature '{name}' is given twice.");
            given[index] = true;
            reader.Read();
            int rows = ReadColumnList(ref reader, builder, index, new ValuePath($"inputs.{name}"));
            if (expectedRows >= 0 && rows != expectedRows)
                throw ServingException.BadRequest($"inputs.{name}: has {rows} values but inputs.{firstName} has {expectedRows}; every input needs one value per instance.");
            expectedRows = rows;
            firstName ??= name;
        }
        if (expectedRows < 0) throw ServingException.BadRequest("inputs: no features given.");
        FinishColumns(builder, expectedRows, given);
    }

    private static int ReadColumnList(ref Utf8JsonReader reader, InstanceBuilder builder, int index, ValuePath path)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw ServingException.BadRequest($"{path}: expected a list with one value per instance.");
        int row = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (row >= builder.MaxInstances)
                throw ServingException.TooLarge($"The request has more than {builder.MaxInstances} instances; send at most {builder.MaxInstances} per request.");
            ReadValue(ref reader, builder, index, row, path with { Row = row });
            row++;
        }
        return row;
    }

    private static void FinishColumns(InstanceBuilder builder, int rows, bool[] given)
    {
        for (int i = 0; i < given.Length; i++)
        {
            if (given[i]) continue;
            for (int row = 0; row < rows; row++) builder.FillAbsent(i, row, new ValuePath($"inputs (instance {row})"));
        }
        builder.SetRows(rows);
    }

    /// <summary>Reads one feature value: a scalar, a one-element list, <c>{"b64": ...}</c> for strings, or null (absent).</summary>
    private static void ReadValue(ref Utf8JsonReader reader, InstanceBuilder builder, int index, int row, ValuePath path)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            if (!reader.Read() || reader.TokenType is JsonTokenType.EndArray or JsonTokenType.StartArray or JsonTokenType.StartObject)
                throw ServingException.BadRequest($"{path}: wrong nesting; expected a scalar or a one-element list.");
            ReadScalar(ref reader, builder, index, row, path);
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
                throw ServingException.BadRequest($"{path}: wrong nesting; expected a scalar or a one-element list.");
            return;
        }
        ReadScalar(ref reader, builder, index, row, path);
    }

    private static void ReadScalar(ref Utf8JsonReader reader, InstanceBuilder builder, int index, int row, ValuePath path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (builder.IsString(index)) throw ServingException.BadRequest($"{path}: expected a string, got a number.");
                if (reader.TryGetInt64(out long integer)) builder.SetInt64(index, row, integer);
                else builder.SetNumber(index, row, reader.GetDouble(), path);
                break;
            case JsonTokenType.String:
                if (!builder.IsString(index))
                {
                    string text = reader.GetString()!;
                    if (text is "NaN" or "Infinity" or "-Infinity")
                        throw ServingException.BadRequest($"{path}: {text} is not allowed; the input needs a finite number.");
                    throw ServingException.BadRequest($"{path}: expected a number, got a string.");
                }
                if (!reader.ValueIsEscaped && !reader.HasValueSequence) builder.SetUtf8(index, row, reader.ValueSpan);
                else builder.SetUtf8(index, row, System.Text.Encoding.UTF8.GetBytes(reader.GetString()!));
                break;
            case JsonTokenType.Null:
                if (builder.Input(index).Required && builder.Input(index).DefaultValue is null)
                    throw ServingException.BadRequest($"{path}: null for a required feature.");
                builder.FillAbsent(index, row, path);
                break;
            case JsonTokenType.StartObject when builder.IsString(index):
                ReadB64(ref reader, builder, index, row, path);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                throw ServingException.BadRequest($"{path}: expected {(builder.IsString(index) ? "a string" : "a number")}, got a boolean.");
            default:
                throw ServingException.BadRequest($"{path}: wrong nesting; expected a scalar or a one-element list, got {Describe(reader.TokenType)}.");
        }
    }

    private static void ReadB64(ref Utf8JsonReader reader, InstanceBuilder builder, int index, int row, ValuePath path)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("b64"u8))
            throw ServingException.BadRequest($"{path}: an object value must be {{\"b64\": \"<base64>\"}}.");
        reader.Read();
        if (reader.TokenType != JsonTokenType.String) throw ServingException.BadRequest($"{path}.b64: expected a base64 string.");
        byte[] decoded;
        try { decoded = reader.GetBytesFromBase64(); }
        catch (FormatException) { throw ServingException.BadRequest($"{path}.b64: not valid base64."); }
        builder.SetUtf8(index, row, decoded);
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
            throw ServingException.BadRequest($"{path}: an object value must be {{\"b64\": \"<base64>\"}} only.");
    }

    private static bool IsB64Object(Utf8JsonReader reader) // a copy: peeks without moving the caller's reader
        => reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("b64"u8);

    /// <summary>Finds the top-level <c>context</c> object (it may follow the examples) and keeps each feature's raw value.</summary>
    private static List<(int Index, byte[] Value)> ReadContext(ReadOnlySpan<byte> body, InstanceBuilder builder)
    {
        var context = new List<(int, byte[])>();
        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return context;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isContext = reader.ValueTextEquals("context"u8);
            reader.Read();
            if (!isContext) { reader.Skip(); continue; }
            if (reader.TokenType != JsonTokenType.StartObject) throw ServingException.BadRequest("context: expected an object of features.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int index = FeatureIndex(ref reader, builder, new ValuePath("context"));
                if (index < 0) { reader.Read(); reader.Skip(); continue; }
                reader.Read();
                long start = reader.TokenStartIndex;
                reader.Skip();
                context.Add((index, body[(int)start..(int)reader.BytesConsumed].ToArray()));
            }
        }
        return context;
    }

    /// <summary>Context features fill every example; like TF Serving, an example may not repeat one.</summary>
    private static void ApplyContext(List<(int Index, byte[] Value)> context, InstanceBuilder builder, int row, ValuePath rowPath)
    {
        foreach (var (index, value) in context)
        {
            string name = builder.Input(index).Name;
            if (!builder.MarkSeen(index)) throw ServingException.BadRequest($"{rowPath}: feature '{name}' is also in the context; give it in one place.");
            var reader = new Utf8JsonReader(value, ReaderOptions);
            reader.Read();
            ReadValue(ref reader, builder, index, row, new ValuePath($"context.{name}"));
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.Null => "null",
        _ => "a boolean",
    };
}
