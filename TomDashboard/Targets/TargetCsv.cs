using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Data;

namespace TomDashboard.Targets;

public enum TargetImportStatus
{
    Created,
    Duplicate,
    Failed,
}

/// <summary>
/// What became of one CSV row: the line it starts on, the name it gave, and the target it created or duplicates
/// (<see cref="TargetId"/>, <see cref="TargetName"/>), or why it failed.
/// </summary>
public sealed record TargetImportOutcome(
    int Line,
    string Name,
    TargetImportStatus Status,
    string Message,
    long? TargetId = null,
    string? TargetName = null,
    DuplicateKind? DuplicateKind = null);

/// <summary>
/// Targets to and from CSV in the TOM Toolkit's layout (tom_targets/utils.py export_targets and import_targets): a
/// header row; name, type (SIDEREAL or NON_SIDEREAL), ra, dec, epoch; every extra field as a column of its own; and
/// the aliases as name2, name3 and so on. Every imported row goes through <see cref="TargetWriter.WriteAsync"/>, so
/// the duplicate rules apply, and a bad row never stops the others.
/// </summary>
public sealed partial class TargetCsv(IDbContextFactory<TomDbContext> databases, TargetWriter writer, ILogger<TargetCsv> logger)
{
    public const string ExportPath = "/targets/export.csv";

    /// <summary>The largest file the import page takes.</summary>
    public const long MaxImportBytes = 10 * 1024 * 1024;

    /// <summary>The source recorded on imported targets.</summary>
    public const string ImportSource = "CSV import";

    private const int ExportBatchSize = 500;
    private const int MaxRecordBytes = 1024 * 1024;

    /// <summary>The columns of the TOM Toolkit's target model that describe the other TOM's record, not the object; an import skips them.</summary>
    private static readonly HashSet<string> IgnoredColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "created", "modified", "permissions", "groups", "shared_by", "shared_from",
    };

    private static readonly string[] BaseColumns = ["name", "type", "ra", "dec", "epoch"];

    /// <summary>
    /// Writes every target the viewer may see (or a list's members) as CSV: invariant culture, coordinates in full
    /// (round-trip) precision.
    /// </summary>
    public async Task ExportAsync(Stream output, long? listId, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var targets = database.Targets.AsNoTracking().Where(TargetAccess.CanSee(viewer));
        if (listId is { } id)
        {
            targets = targets.Where(target => database.TargetListMembers.Any(member => member.TargetListId == id && member.TargetId == target.Id));
        }

        var keys = await database.TargetExtras.Where(extra => targets.Any(target => target.Id == extra.TargetId))
            .Select(extra => extra.Key).Distinct().ToListAsync(cancellationToken);
        var extraKeys = keys.Where(key => !IsReservedColumn(key)).Order(StringComparer.Ordinal).ToList();
        if (extraKeys.Count < keys.Count)
        {
            logger.LogWarning("Extra fields named like CSV columns are not exported: {Keys}", string.Join(", ", keys.Except(extraKeys)));
        }

        var aliasColumns = await database.TargetNames
            .Where(name => name.Kind == TargetNameKind.Alias && targets.Any(target => target.Id == name.TargetId))
            .GroupBy(name => name.TargetId)
            .Select(group => (int?)group.Count())
            .MaxAsync(cancellationToken) ?? 0;

        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = false }, leaveOpen: true);
        foreach (var column in BaseColumns.Concat(extraKeys).Concat(Enumerable.Range(2, aliasColumns).Select(index => $"name{index}")))
        {
            csv.WriteField(column);
        }

        await csv.EndRecordAsync(cancellationToken);
        var lastId = 0L;
        while (true)
        {
            var batch = await targets.Where(target => target.Id > lastId).OrderBy(target => target.Id).Take(ExportBatchSize)
                .Include(target => target.Names).Include(target => target.Extras).AsSplitQuery()
                .ToListAsync(cancellationToken);
            foreach (var target in batch)
            {
                csv.WriteField(SpreadsheetSafe(target.Name));
                csv.WriteField(target.Type == TargetType.NonSidereal ? "NON_SIDEREAL" : "SIDEREAL");
                csv.WriteField(Number(target.Ra));
                csv.WriteField(Number(target.Dec));
                csv.WriteField(Number(target.Epoch));
                var extras = target.Extras.ToDictionary(extra => extra.Key, extra => extra.Value, StringComparer.Ordinal);
                foreach (var key in extraKeys)
                {
                    csv.WriteField(SpreadsheetSafe(extras.GetValueOrDefault(key) ?? ""));
                }

                var aliases = target.Names.Where(name => name.Kind == TargetNameKind.Alias).OrderBy(name => name.Id).Select(name => name.Name).ToList();
                for (var index = 0; index < aliasColumns; index++)
                {
                    csv.WriteField(SpreadsheetSafe(index < aliases.Count ? aliases[index] : ""));
                }

                await csv.EndRecordAsync(cancellationToken);
            }

            if (batch.Count < ExportBatchSize)
            {
                break;
            }

            lastId = batch[^1].Id;
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The export as a download for <see cref="ExportPath"/>; 404 for a list that does not exist.</summary>
    public async Task<IResult> ExportResultAsync(long? listId, Viewer viewer, CancellationToken cancellationToken)
    {
        var fileName = "targets.csv";
        if (listId is { } id)
        {
            await using var database = await databases.CreateDbContextAsync(cancellationToken);
            var list = await database.TargetLists.Where(each => each.Id == id).Select(each => each.Name).FirstOrDefaultAsync(cancellationToken);
            if (list is null)
            {
                return Results.NotFound($"There is no target list with id {id}.");
            }

            fileName = $"targets-{SafeFileName(list)}.csv";
        }

        return Results.Stream(stream => ExportAsync(stream, listId, viewer, cancellationToken), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>
    /// Creates a target from every row: one outcome per row with its line number. Columns are matched without regard to
    /// case; RA and Dec may be degrees or sexagesimal; empty cells are no value; rows with no value at all are skipped.
    /// Rows are written <see cref="ImportBatchSize"/> at a time through <see cref="TargetWriter.WriteBatchAsync(IReadOnlyList{TargetSubmission}, DuplicatePolicy, CancellationToken)"/>
    /// (one transaction, one name query and one sky-index read per batch), as the streams write theirs;
    /// <paramref name="onOutcomes"/> hears each batch's outcomes, in line order, as soon as they are saved.
    /// </summary>
    public async Task<IReadOnlyList<TargetImportOutcome>> ImportAsync(
        Stream input, Viewer importer, CancellationToken cancellationToken, Action<IReadOnlyList<TargetImportOutcome>>? onOutcomes = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcomes = new List<TargetImportOutcome>();
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
        };
        await using var csv = CsvReader.Create(input, options, leaveOpen: true);
        Columns columns;
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            columns = Columns.From([.. csv.Headers]);
        }
        catch (CsvFormatException exception)
        {
            return Report([Failed(1, "", $"the first line cannot be read as CSV ({exception.Message}).")]);
        }

        if (columns.Problem is { } problem)
        {
            return Report([Failed(1, "", problem)]);
        }

        var pending = new List<ImportRow>(ImportBatchSize);
        while (true)
        {
            try
            {
                if (!await csv.ReadAsync(cancellationToken))
                {
                    break;
                }
            }
            catch (CsvFormatException exception)
            {
                // The reader cannot go on (a record larger than any target row should be): say where, keep what was done.
                pending.Add(new ImportRow(0, "", null, Failed((int)Math.Max(exception.LineNumber, 1), "", $"the rest of the file cannot be read as CSV ({exception.Message}).")));
                break;
            }

            var line = (int)csv.LineNumber;
            if (ReadRow(csv, columns, line, malformed.GetValueOrDefault(line), importer) is { } row)
            {
                pending.Add(row);
                if (pending.Count == ImportBatchSize)
                {
                    outcomes.AddRange(Report(await WriteRowsAsync(pending, cancellationToken)));
                    pending.Clear();
                }
            }
        }

        outcomes.AddRange(Report(await WriteRowsAsync(pending, cancellationToken)));
        LogImported(logger, outcomes.Count(each => each.Status == TargetImportStatus.Created),
            outcomes.Count(each => each.Status == TargetImportStatus.Duplicate), outcomes.Count(each => each.Status == TargetImportStatus.Failed));
        return outcomes;

        List<TargetImportOutcome> Report(List<TargetImportOutcome> batch)
        {
            if (batch.Count > 0)
            {
                onOutcomes?.Invoke(batch);
            }

            return batch;
        }
    }

    /// <summary>Rows written together: large enough that a commit and the batch's queries are shared, small enough that progress moves.</summary>
    public const int ImportBatchSize = 1_000;

    /// <summary>A row read: the submission to write, or the outcome it already has (a row the rules refuse before any writing).</summary>
    private sealed record ImportRow(int Line, string Name, TargetSubmission? Submission, TargetImportOutcome? Outcome);

    /// <summary>The rows' outcomes in order; their submissions written in one batch, or one by one should the batch fail.</summary>
    private async Task<List<TargetImportOutcome>> WriteRowsAsync(List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var toWrite = rows.Where(row => row.Submission is not null).ToList();
        IReadOnlyList<TargetCreation?> written;
        try
        {
            written = toWrite.Count == 0 ? [] : await writer.WriteBatchAsync([.. toWrite.Select(row => row.Submission!)], DuplicatePolicy.Refuse, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "CSV import: a batch of {Count} rows could not be saved; saving them one by one", toWrite.Count);
            var one = new List<TargetCreation?>(toWrite.Count);
            foreach (var row in toWrite)
            {
                one.Add(await WriteOneAsync(row, cancellationToken));
            }

            written = one;
        }

        var outcomes = new List<TargetImportOutcome>(rows.Count);
        var next = 0;
        foreach (var row in rows)
        {
            if (row.Outcome is { } known)
            {
                outcomes.Add(known);
                continue;
            }

            outcomes.Add(written[next++] switch
            {
                TargetCreated created => new TargetImportOutcome(row.Line, row.Name, TargetImportStatus.Created, created.Message, created.TargetId, created.Name),
                TargetAlreadyExists existing => new TargetImportOutcome(
                    row.Line, row.Name, TargetImportStatus.Duplicate, existing.Message, existing.ExistingTargetId, existing.ExistingTargetName, existing.Kind),
                null => Failed(row.Line, row.Name, "it could not be saved. See the log for details."),
                var other => new TargetImportOutcome(row.Line, row.Name, TargetImportStatus.Failed, other.Message),
            });
        }

        return outcomes;
    }

    private async Task<TargetCreation?> WriteOneAsync(ImportRow row, CancellationToken cancellationToken)
    {
        try
        {
            return await writer.WriteAsync(row.Submission!, DuplicatePolicy.Refuse, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "CSV import: line {Line} ({Name}) could not be saved", row.Line, row.Name);
            return null;
        }
    }

    private static ImportRow? ReadRow(CsvReader csv, Columns columns, int line, CsvMalformedReason? malformed, Viewer importer)
    {
        var cells = Enumerable.Range(0, csv.FieldCount).Select(index => csv.GetString(index).Trim()).ToList();
        if (cells.All(cell => cell.Length == 0))
        {
            return null;
        }

        string Cell(int? index) => index is { } at && at < cells.Count ? FromSpreadsheetSafe(cells[at]) : "";
        var name = Cell(columns.Name);
        ImportRow Refused(string reason) => new(line, name, null, Failed(line, name, reason));

        // A stray quote inside a cell is kept as text (Barnard"s star reads as written); other bad quoting mangles the row.
        if (malformed is { } reason && reason != CsvMalformedReason.StrayQuote)
        {
            return Refused($"the line has badly placed quotes ({Describe(reason)}).");
        }

        if (cells.Count > columns.Count && cells.Skip(columns.Count).Any(cell => cell.Length > 0))
        {
            return Refused($"the line has {cells.Count} cells but the header names {columns.Count} columns.");
        }

        if (ParseType(Cell(columns.Type)) is not { } type)
        {
            return Refused($"the type \u201c{Cell(columns.Type)}\u201d is neither SIDEREAL nor NON_SIDEREAL.");
        }

        var ra = CoordinateText.ReadRa(Cell(columns.Ra));
        if (ra.Problem is not null)
        {
            return Refused($"the RA \u201c{Cell(columns.Ra)}\u201d is neither degrees nor hours:minutes:seconds.");
        }

        var dec = CoordinateText.ReadDec(Cell(columns.Dec));
        if (dec.Problem is not null)
        {
            return Refused($"the Dec \u201c{Cell(columns.Dec)}\u201d is neither degrees nor degrees:minutes:seconds.");
        }

        double? epoch = null;
        if (Cell(columns.Epoch) is { Length: > 0 } epochText)
        {
            if (!double.TryParse(epochText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                return Refused($"the epoch \u201c{epochText}\u201d is not a number.");
            }

            epoch = value;
        }

        var draft = new TargetDraft
        {
            Name = name,
            Type = type,
            Ra = ra.Degrees,
            Dec = dec.Degrees,
            Epoch = epoch,
            Aliases = [.. columns.Aliases.Select(index => Cell(index)).Where(alias => alias.Length > 0)],
            Extras = columns.Extras.Select(extra => (extra.Key, Value: Cell(extra.Index)))
                .Where(extra => extra.Value.Length > 0)
                .ToDictionary(extra => extra.Key, extra => extra.Value, StringComparer.Ordinal),
            SourceBroker = ImportSource,
        };
        return new ImportRow(line, name, new TargetSubmission { Draft = draft, Source = ImportSource, By = importer }, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CSV import: {Created} created, {Duplicates} duplicates, {Failed} failed")]
    private static partial void LogImported(ILogger logger, int created, int duplicates, int failed);

    private static TargetImportOutcome Failed(int line, string name, string reason) =>
        new(line, name, TargetImportStatus.Failed, new TargetRejected(name, reason).Message);

    private static TargetType? ParseType(string text) =>
        text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "" or "SIDEREAL" => TargetType.Sidereal,
            "NONSIDEREAL" => TargetType.NonSidereal,
            _ => null,
        };

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "a quote that is never closed",
        _ => reason.ToString(),
    };

    /// <summary>
    /// A text cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return; OWASP
    /// CSV injection) is written behind an apostrophe. A number (a Dec of -20.5) is data and stays as it is.
    /// </summary>
    internal static string SpreadsheetSafe(string text) =>
        text.Length > 0 && FormulaStarts.Contains(text[0]) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + text : text;

    /// <summary>What <see cref="SpreadsheetSafe"/> wrote, read back: an export imports as it was.</summary>
    internal static string FromSpreadsheetSafe(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && FormulaStarts.Contains(cell[1]) ? cell[1..] : cell;

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static bool IsReservedColumn(string key) => BaseColumns.Contains(key, StringComparer.OrdinalIgnoreCase) || AliasColumn().IsMatch(key);

    private static string SafeFileName(string name) =>
        string.Concat(name.Select(character => char.IsLetterOrDigit(character) || character is '-' or '_' ? character : '_'));

    [GeneratedRegex("^name[0-9]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AliasColumn();

    /// <summary>Where each kind of value is in the file, from its header row.</summary>
    private sealed record Columns(
        int Count, int? Name, int? Type, int? Ra, int? Dec, int? Epoch, List<int> Aliases, List<(string Key, int Index)> Extras, string? Problem)
    {
        public static Columns From(IReadOnlyList<string> headers)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var aliases = new List<int>();
            var extras = new List<(string, int)>();
            string? problem = null;
            for (var index = 0; index < headers.Count; index++)
            {
                var header = headers[index].Trim();
                if (header.Length == 0 || IgnoredColumns.Contains(header))
                {
                    continue;
                }

                if (!seen.Add(header))
                {
                    problem ??= $"the column {header} appears twice in the first line.";
                }
                else if (BaseColumns.Contains(header, StringComparer.OrdinalIgnoreCase))
                {
                    positions[header] = index;
                }
                else if (AliasColumn().IsMatch(header))
                {
                    aliases.Add(index);
                }
                else if (header.Length > TargetRules.ExtraKeyMaxLength)
                {
                    problem ??= $"the column {header[..20]}\u2026 has a name longer than {TargetRules.ExtraKeyMaxLength} characters.";
                }
                else
                {
                    extras.Add((header, index));
                }
            }

            if (headers.Count == 0)
            {
                problem = "the file is empty. Its first line should name the columns: name, type, ra, dec, epoch\u2026";
            }
            else if (!positions.ContainsKey("name"))
            {
                problem ??= "the first line has no name column. It should name the columns: name, type, ra, dec, epoch\u2026";
            }

            int? At(string column) => positions.TryGetValue(column, out var at) ? at : null;
            return new Columns(headers.Count, At("name"), At("type"), At("ra"), At("dec"), At("epoch"), aliases, extras, problem);
        }
    }
}
