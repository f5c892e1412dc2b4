using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

public abstract class TargetCsvTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private TestDatabase _source = default!;
    private TestDatabase _destination = default!;

    public async ValueTask InitializeAsync()
    {
        _source = await TestDatabase.CreateAsync(provider);
        _destination = await TestDatabase.CreateAsync(provider);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _source.DisposeAsync();
        await _destination.DisposeAsync();
    }

    private static TargetWriter Writer(TestDatabase database) => new(database.Factory, TimeProvider.System, NullLogger<TargetWriter>.Instance);

    private static TargetCsv Csv(TestDatabase database) => new(database.Factory, Writer(database), NullLogger<TargetCsv>.Instance);

    private static async Task<long> CreateAsync(TestDatabase database, TargetDraft draft) =>
        Assert.IsType<TargetCreated>(await Writer(database).CreateAsync(draft, Cancellation)).TargetId;

    private static async Task<string> ExportAsync(TestDatabase database, long? listId = null)
    {
        using var output = new MemoryStream();
        await Csv(database).ExportAsync(output, listId, Viewer.System, Cancellation);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static Task<IReadOnlyList<TargetImportOutcome>> ImportAsync(TestDatabase database, string text) =>
        Csv(database).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), Viewer.System, Cancellation);

    private static async Task<List<Target>> TargetsAsync(TestDatabase database)
    {
        await using var context = await database.Factory.CreateDbContextAsync(Cancellation);
        return await context.Targets.AsNoTracking().Include(target => target.Names).Include(target => target.Extras).AsSplitQuery()
            .OrderBy(target => target.Name).ToListAsync(Cancellation);
    }

    private static Dictionary<string, string> ExtrasOf(Target target) => target.Extras.ToDictionary(extra => extra.Key, extra => extra.Value);

    [Fact]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_are_exported_behind_an_apostrophe_and_import_as_they_were()
    {
        await CreateAsync(_source, new TargetDraft
        {
            Name = "=HYPERLINK(\"http://evil.example\",\"x\")",
            Ra = 10,
            Dec = -20.5,
            Aliases = ["-AT2026formula", "@SUM(A1)"],
            Extras = new Dictionary<string, string> { ["note"] = "+cmd|' /C calc'!A0", ["offset"] = "-1.5" },
        });

        var exported = await ExportAsync(_source);
        var row = exported.Split('\n')[1];

        Assert.Contains("'=HYPERLINK", row, StringComparison.Ordinal);
        Assert.Contains("'-AT2026formula", row, StringComparison.Ordinal);
        Assert.Contains("'@SUM(A1)", row, StringComparison.Ordinal);
        Assert.Contains("'+cmd", row, StringComparison.Ordinal);
        Assert.Contains(",-20.5,", row, StringComparison.Ordinal);
        Assert.Contains(",-1.5,", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", row, StringComparison.Ordinal);

        Assert.All(await ImportAsync(_destination, exported), outcome => Assert.Equal(TargetImportStatus.Created, outcome.Status));
        var copy = Assert.Single(await TargetsAsync(_destination));
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"x\")", copy.Name);
        Assert.Equal(["-AT2026formula", "@SUM(A1)"], copy.Aliases.Order(StringComparer.Ordinal));
        Assert.Equal("+cmd|' /C calc'!A0", ExtrasOf(copy)["note"]);
    }

    [Theory]
    [InlineData("name,ra,dec\n\"two\nlines\",10,20\n")]
    [InlineData("name,ra,dec\nnul\u0000name,10,20\n")]
    [InlineData("name,ra,dec,name2\nclean,10,20,\"alias\r\nbroken\"\n")]
    public async Task Import_refuses_names_with_line_breaks_or_nul(string text)
    {
        var outcome = Assert.Single(await ImportAsync(_destination, text));

        Assert.Equal(TargetImportStatus.Failed, outcome.Status);
        Assert.Contains("control characters", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(await TargetsAsync(_destination));
    }

    [Fact]
    public async Task Import_checks_the_coordinates_of_a_non_sidereal_row_when_it_gives_them()
    {
        var outcomes = await ImportAsync(_destination, "name,type,ra,dec\nComet far,NON_SIDEREAL,400,10\nComet fine,NON_SIDEREAL,,\n");

        Assert.Equal(TargetImportStatus.Failed, outcomes[0].Status);
        Assert.Contains("RA must be at least 0 and less than 360 degrees", outcomes[0].Message, StringComparison.Ordinal);
        Assert.Equal(TargetImportStatus.Created, outcomes[1].Status);
    }

    [Fact]
    public async Task Exported_targets_imported_into_another_database_are_the_same_targets()
    {
        await CreateAsync(_source, new TargetDraft
        {
            Name = "SN 2026abc",
            Ra = 123.456789012345678,
            Dec = -12.3456789012345,
            Epoch = 2000,
            Aliases = ["ZTF26abcdefg", "ATLAS26xyz"],
            Extras = new Dictionary<string, string> { ["classification"] = "SN Ia", ["redshift"] = "0.0213" },
        });
        await CreateAsync(_source, new TargetDraft
        {
            Name = "Comet \"C/2026 A1\", the bright one",
            Type = TargetType.NonSidereal,
            Ra = null,
            Dec = null,
            Epoch = null,
            Extras = new Dictionary<string, string> { ["notes"] = "Line one\nline two, with a comma" },
        });
        await CreateAsync(_source, new TargetDraft
        {
            Name = "Gaia26aaa",
            Ra = 359.99999999999994,
            Dec = 89.999999999,
            Epoch = 2015.5,
            Aliases = ["AT 2026zzz", "WISEA J000000", "PS26qqq"],
            Extras = new Dictionary<string, string> { ["classification"] = "CV" },
        });
        var csv = await ExportAsync(_source);

        var outcomes = await ImportAsync(_destination, csv);

        Assert.All(outcomes, outcome => Assert.Equal(TargetImportStatus.Created, outcome.Status));
        var before = await TargetsAsync(_source);
        var after = await TargetsAsync(_destination);
        Assert.Equal(before.Select(target => (target.Name, target.Type, target.Epoch)), after.Select(target => (target.Name, target.Type, target.Epoch)));
        foreach (var (original, copy) in before.Zip(after))
        {
            Assert.Equal(original.Ra.HasValue, copy.Ra.HasValue);
            Assert.Equal(original.Ra ?? 0, copy.Ra ?? 0, 1e-9);
            Assert.Equal(original.Dec ?? 0, copy.Dec ?? 0, 1e-9);
            Assert.Equal(original.Aliases.Order(StringComparer.Ordinal), copy.Aliases.Order(StringComparer.Ordinal));
            Assert.Equal(ExtrasOf(original), ExtrasOf(copy));
        }

        Assert.Equal(123.456789012345678, after.Single(target => target.Name == "SN 2026abc").Ra!.Value);
    }

    [Fact]
    public async Task The_export_has_the_tom_toolkit_columns_extras_as_columns_aliases_as_name2_on_and_invariant_full_precision_numbers()
    {
        await CreateAsync(_source, new TargetDraft
        {
            Name = "SN 2026abc",
            Ra = 0.1 + 0.2,
            Dec = -1e-7,
            Aliases = ["ZTF26abcdefg", "ATLAS26xyz"],
            Extras = new Dictionary<string, string> { ["redshift"] = "0.0213", ["classification"] = "SN Ia" },
        });
        await CreateAsync(_source, new TargetDraft { Name = "Plain", Ra = 10, Dec = 20, Epoch = null });

        var lines = (await ExportAsync(_source)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("name,type,ra,dec,epoch,classification,redshift,name2,name3", lines[0]);
        Assert.Equal("SN 2026abc,SIDEREAL,0.30000000000000004,-1E-07,2000,SN Ia,0.0213,ZTF26abcdefg,ATLAS26xyz", lines[1]);
        Assert.Equal("Plain,SIDEREAL,10,20,,,,,", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task The_export_of_a_list_has_only_its_members_and_an_unknown_list_is_not_found()
    {
        var inList = await CreateAsync(_source, new TargetDraft { Name = "Listed", Ra = 10, Dec = 20 });
        await CreateAsync(_source, new TargetDraft { Name = "Not listed", Ra = 30, Dec = 20, Aliases = ["Hidden alias"], Extras = new Dictionary<string, string> { ["secret"] = "x" } });
        var lists = new TargetLists(_source.Factory, TimeProvider.System, NullLogger<TargetLists>.Instance);
        var list = (await lists.CreateAsync("Tonight", Viewer.System, Cancellation)).List!;
        await lists.AddAsync(list.Id, [inList], Viewer.System, Cancellation);

        var csv = await ExportAsync(_source, list.Id);
        var missing = await Csv(_source).ExportResultAsync(list.Id + 1, Viewer.System, Cancellation);
        var download = await Csv(_source).ExportResultAsync(list.Id, Viewer.System, Cancellation);

        Assert.Equal(["name,type,ra,dec,epoch", "Listed,SIDEREAL,10,20,2000"], csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(StatusCodes.Status404NotFound, Assert.IsType<NotFound<string>>(missing).StatusCode);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await download.ExecuteAsync(context);
        Assert.Equal("text/csv; charset=utf-8", context.Response.ContentType);
        Assert.Contains("filename=targets-Tonight.csv", context.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("name,type,ra,dec,epoch\r\nListed,", Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_row_has_an_outcome_created_duplicate_by_name_or_position_or_failed_with_its_line_and_reason()
    {
        var existing = await CreateAsync(_destination, new TargetDraft { Name = "Existing", Ra = 50, Dec = 10 });
        var nearby = await CreateAsync(_destination, new TargetDraft { Name = "Old neighbour", Ra = 100, Dec = -30 });
        const string Text = """
            name,type,ra,dec,epoch,classification,name2
            SN 2026new,SIDEREAL,10.5,20.5,2000,SN Ia,ZTF26new
            Existing,SIDEREAL,80,10,,,
            Near,SIDEREAL,100.0001,-30,,,
            ,SIDEREAL,1,1,,,
            Far out,SIDEREAL,400,10,,,
            Sexagesimal,SIDEREAL,12:30:49.4232,-00:30:00,,,
            Bad type,PLANET,1,2,,,
            Bad dec,SIDEREAL,1,north,,,
            Bad epoch,SIDEREAL,3,4,J2000,,
            No coordinates,SIDEREAL,,,,,
            ,,,,,,
            Comet,NON_SIDEREAL,,,,,
            """;

        var outcomes = await ImportAsync(_destination, Text);

        Assert.Equal(
            [
                (2, TargetImportStatus.Created), (3, TargetImportStatus.Duplicate), (4, TargetImportStatus.Duplicate), (5, TargetImportStatus.Failed),
                (6, TargetImportStatus.Failed), (7, TargetImportStatus.Created), (8, TargetImportStatus.Failed), (9, TargetImportStatus.Failed),
                (10, TargetImportStatus.Failed), (11, TargetImportStatus.Failed), (13, TargetImportStatus.Created),
            ],
            outcomes.Select(outcome => (outcome.Line, outcome.Status)));
        var byLine = outcomes.ToDictionary(outcome => outcome.Line);
        Assert.Equal((existing, "Existing", DuplicateKind.Name), (byLine[3].TargetId!.Value, byLine[3].TargetName, byLine[3].DuplicateKind!.Value));
        Assert.Equal("A target named Existing already exists.", byLine[3].Message);
        Assert.Equal((nearby, DuplicateKind.Position), (byLine[4].TargetId!.Value, byLine[4].DuplicateKind!.Value));
        Assert.Contains("from the existing target Old neighbour", byLine[4].Message, StringComparison.Ordinal);
        Assert.Equal("The target was not created: a target needs a name.", byLine[5].Message);
        Assert.Equal("Far out was not created: RA must be at least 0 and less than 360 degrees.", byLine[6].Message);
        Assert.Equal("Bad type was not created: the type \u201cPLANET\u201d is neither SIDEREAL nor NON_SIDEREAL.", byLine[8].Message);
        Assert.Contains("the Dec \u201cnorth\u201d is neither degrees", byLine[9].Message, StringComparison.Ordinal);
        Assert.Contains("the epoch \u201cJ2000\u201d is not a number", byLine[10].Message, StringComparison.Ordinal);
        Assert.Contains("a sidereal target needs an RA", byLine[11].Message, StringComparison.Ordinal);

        var targets = (await TargetsAsync(_destination)).ToDictionary(target => target.Name);
        Assert.Equal(["Comet", "Existing", "Old neighbour", "SN 2026new", "Sexagesimal"], targets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(byLine[2].TargetId, targets["SN 2026new"].Id);
        Assert.Equal(["ZTF26new"], targets["SN 2026new"].Aliases);
        Assert.Equal("SN Ia", ExtrasOf(targets["SN 2026new"])["classification"]);
        Assert.Equal(TargetCsv.ImportSource, targets["SN 2026new"].SourceBroker);
        Assert.Equal(187.70593, targets["Sexagesimal"].Ra!.Value, 1e-9);
        Assert.Equal(-0.5, targets["Sexagesimal"].Dec!.Value, 1e-12);
        Assert.Null(targets["Sexagesimal"].Epoch);
        Assert.Equal(TargetType.NonSidereal, targets["Comet"].Type);
    }

    [Fact]
    public async Task A_file_written_by_the_tom_toolkit_imports_with_its_aliases_and_extras_and_without_its_bookkeeping_columns()
    {
        // The layout of tom_base's export_targets: every field of its Target model (created, modified and permissions
        // included), the extra fields, then name2, name3... for the aliases; Python's csv module ends lines with CRLF.
        var text = string.Join("\r\n",
            "name,type,created,modified,permissions,ra,dec,epoch,parallax,pm_ra,pm_dec,galactic_lng,galactic_lat,distance,distance_err,"
                + "scheme,epoch_of_elements,mean_anomaly,arg_of_perihelion,eccentricity,lng_asc_node,inclination,mean_daily_motion,semimajor_axis,"
                + "epoch_of_perihelion,ephemeris_period,ephemeris_period_err,ephemeris_epoch,ephemeris_epoch_err,perihdist,classification,redshift,name2,name3",
            "SN 2023ixf,SIDEREAL,2023-05-19 21:23:39.160011+00:00,2023-05-20 08:00:00+00:00,PRIVATE,210.910674637,54.31165732,2000.0,,,,,,,,"
                + ",,,,,,,,,,,,,,,SN II,0.000804,ZTF23aaklqou,ATLAS23oep",
            "Barnard's star,SIDEREAL,2023-05-19 21:23:39+00:00,2023-05-19 21:23:39+00:00,PUBLIC,269.452075,4.693391,2000.0,546.9759,-801.551,10362.394,,,1.8266,,"
                + ",,,,,,,,,,,,,,,,,,",
            "C/2023 A3,NON_SIDEREAL,2023-05-19 21:23:39+00:00,2023-05-19 21:23:39+00:00,OPEN,,,,,,,,,,,"
                + "MPC_COMET,60000.0,,308.48,1.00011,21.56,139.11,,,60200.7,,,,,0.3914,,,Tsuchinshan-ATLAS,",
            "");
        // And tom_base's own sample upload (tom_targets/static/tom_targets/target_import.csv), groups column included.
        const string Sample = "name,name2,type,ra,dec,groups\r\nm13,Hercules Globular Cluster,SIDEREAL,250.421,36.459,\"Public, Private\"\r\n"
            + "m27,Dumbbell Nebula,SIDEREAL,299.901,22.721,\"Public, Private\"\r\n";

        var outcomes = await ImportAsync(_destination, text);
        var sample = await ImportAsync(_destination, Sample);

        Assert.All(outcomes.Concat(sample), outcome => Assert.Equal(TargetImportStatus.Created, outcome.Status));
        Assert.Equal([2, 3, 4], outcomes.Select(outcome => outcome.Line));
        var targets = (await TargetsAsync(_destination)).ToDictionary(target => target.Name);
        var sn = targets["SN 2023ixf"];
        Assert.Equal((210.910674637, 54.31165732, 2000.0), (sn.Ra!.Value, sn.Dec!.Value, sn.Epoch!.Value));
        Assert.Equal(["ATLAS23oep", "ZTF23aaklqou"], sn.Aliases.Order(StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, string> { ["classification"] = "SN II", ["redshift"] = "0.000804" }, ExtrasOf(sn));
        Assert.Equal(new Dictionary<string, string> { ["parallax"] = "546.9759", ["pm_ra"] = "-801.551", ["pm_dec"] = "10362.394", ["distance"] = "1.8266" },
            ExtrasOf(targets["Barnard's star"]));
        var comet = targets["C/2023 A3"];
        Assert.Equal((TargetType.NonSidereal, "MPC_COMET", "0.3914"), (comet.Type, ExtrasOf(comet)["scheme"], ExtrasOf(comet)["perihdist"]));
        Assert.Equal(["Tsuchinshan-ATLAS"], comet.Aliases);
        Assert.DoesNotContain(targets.Values.SelectMany(target => target.Extras), extra => extra.Key is "created" or "modified" or "permissions" or "groups");
        Assert.Equal(["Hercules Globular Cluster"], targets["m13"].Aliases);
        Assert.Equal((299.901, 22.721), (targets["m27"].Ra!.Value, targets["m27"].Dec!.Value));
    }

    [Fact]
    public async Task Line_numbers_are_the_lines_rows_start_on_and_badly_formed_rows_fail_without_stopping_the_others()
    {
        const string Text = "name,ra,dec,notes\n"
            + "Two lines,10,10,\"first\nsecond\"\n"
            + "\"Quoted\"junk,20,20,\n"
            + "Too many,30,30,,surplus\n"
            + "\n"
            + "Barnard\"s star,40,40,\n"
            + "Last,50,50,fine\n";

        var outcomes = await ImportAsync(_destination, Text);

        Assert.Equal(
            [(2, TargetImportStatus.Created), (4, TargetImportStatus.Failed), (5, TargetImportStatus.Failed), (7, TargetImportStatus.Created), (8, TargetImportStatus.Created)],
            outcomes.Select(outcome => (outcome.Line, outcome.Status)));
        Assert.Contains("badly placed quotes (text after a closing quote)", outcomes[1].Message, StringComparison.Ordinal);
        Assert.Equal("Too many was not created: the line has 5 cells but the header names 4 columns.", outcomes[2].Message);
        var targets = (await TargetsAsync(_destination)).ToDictionary(target => target.Name);
        Assert.Equal("first\nsecond", ExtrasOf(targets["Two lines"])["notes"]);
        Assert.Contains("Barnard\"s star", targets.Keys);
    }

    [Theory]
    [InlineData("", "The target was not created: the file is empty.")]
    [InlineData("target,ra,dec\r\nSN 2026a,1,2\r\n", "The target was not created: the first line has no name column.")]
    [InlineData("name,ra,RA,dec\r\nSN 2026a,1,1,2\r\n", "The target was not created: the column RA appears twice in the first line.")]
    public async Task A_header_that_cannot_work_is_one_failure_on_line_one(string text, string message)
    {
        var outcome = Assert.Single(await ImportAsync(_destination, text));

        Assert.Equal((1, TargetImportStatus.Failed), (outcome.Line, outcome.Status));
        Assert.StartsWith(message, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(await TargetsAsync(_destination));
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class TargetCsvOnSqliteTests() : TargetCsvTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TargetCsvOnPostgresTests() : TargetCsvTests(DatabaseProvider.Postgres);
