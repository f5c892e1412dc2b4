using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

public abstract class TargetEditorTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 22, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = default!;
    private TargetWriter _writer = default!;
    private TargetEditor _editor = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _writer = new TargetWriter(_database.Factory, _time, NullLogger<TargetWriter>.Instance);
        _editor = new TargetEditor(_database.Factory, _time, NullLogger<TargetEditor>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _database.DisposeAsync();
    }

    private async Task<long> CreateAsync(string name, double ra, params string[] aliases)
    {
        var created = await _writer.CreateAsync(new TargetDraft
        {
            Name = name,
            Ra = ra,
            Dec = 12,
            Aliases = aliases,
            Extras = new Dictionary<string, string> { ["classification"] = "SN Ia", ["redshift"] = "0.02" },
        }, Cancellation);
        return Assert.IsType<TargetCreated>(created).TargetId;
    }

    private static TargetUpdate Valid => new()
    {
        Name = "SN 2026abc",
        Ra = 187.70593,
        Dec = -0.5,
        Epoch = 2000,
        Aliases = ["ZTF26abcdefg"],
        Extras = [new TargetExtraValue("classification", "SN Ia")],
    };

    private async Task<Target> LoadAsync(long id)
    {
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        return await database.Targets.AsNoTracking().Include(target => target.Names).Include(target => target.Extras).SingleAsync(target => target.Id == id, Cancellation);
    }

    [Fact]
    public async Task A_valid_edit_changes_every_field_keeps_name_kinds_and_updates_modified()
    {
        var id = await CreateAsync("ZTF26old", 10, "AT 2026old", "Gone alias");
        _time.Advance(TimeSpan.FromHours(1));

        var result = await _editor.UpdateAsync(id, new TargetUpdate
        {
            Name = "  SN 2026new ",
            Type = TargetType.NonSidereal,
            Ra = 200.125,
            Dec = -45.25,
            Epoch = 2016,
            Aliases = ["AT 2026old", " ZTF26old ", "", "New alias"],
            Extras = [new("classification", "SN II"), new("host", " NGC 1234 "), new("", "")],
        }, Viewer.System, Cancellation);

        Assert.True(result.Succeeded);
        var target = await LoadAsync(id);
        Assert.Equal(("SN 2026new", TargetType.NonSidereal, 200.125, -45.25, 2016.0), (target.Name, target.Type, target.Ra!.Value, target.Dec!.Value, target.Epoch!.Value));
        Assert.Equal("SN 2026new", target.Names.Single(name => name.Kind == TargetNameKind.Primary).Name);
        Assert.Equal(["AT 2026old", "New alias", "ZTF26old"], target.Aliases.Order(StringComparer.Ordinal));
        Assert.Equal([("classification", "SN II"), ("host", "NGC 1234")],
            target.Extras.OrderBy(extra => extra.Key, StringComparer.Ordinal).Select(extra => (extra.Key, extra.Value)));
        Assert.Equal(_time.GetUtcNow(), target.Modified);
        Assert.NotEqual(target.Created, target.Modified);
    }

    [Fact]
    public async Task An_alias_can_become_the_name_and_the_name_an_alias()
    {
        var id = await CreateAsync("ZTF26swap", 10, "SN 2026swap");

        var result = await _editor.UpdateAsync(id, Valid with { Name = "SN 2026swap", Aliases = ["ZTF26swap"] }, Viewer.System, Cancellation);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Values));
        var target = await LoadAsync(id);
        Assert.Equal([("SN 2026swap", TargetNameKind.Primary), ("ZTF26swap", TargetNameKind.Alias)],
            target.Names.OrderBy(name => name.Kind).Select(name => (name.Name, name.Kind)));
        Assert.Equal("SN 2026swap", target.Name);
    }

    [Fact]
    public async Task The_loaded_form_is_the_target_as_stored()
    {
        var id = await CreateAsync("ZTF26load", 33.5, "AT 2026load");

        var form = await _editor.LoadAsync(id, Viewer.System, Cancellation);

        Assert.NotNull(form);
        Assert.Equal(("ZTF26load", 33.5, 12.0, 2000.0), (form.Name, form.Ra!.Value, form.Dec!.Value, form.Epoch!.Value));
        Assert.Equal(["AT 2026load"], form.Aliases);
        Assert.Equal([new TargetExtraValue("classification", "SN Ia"), new TargetExtraValue("redshift", "0.02")], form.Extras);
        Assert.Null(await _editor.LoadAsync(id + 1, Viewer.System, Cancellation));
    }

    [Theory]
    [InlineData("empty name", TargetEditFields.Name, "A target needs a name.")]
    [InlineData("long name", TargetEditFields.Name, "Names are limited to 100 characters.")]
    [InlineData("unknown type", TargetEditFields.Type, "The type must be Sidereal or NonSidereal.")]
    [InlineData("no ra", TargetEditFields.Ra, "A sidereal target needs an RA.")]
    [InlineData("ra 360", TargetEditFields.Ra, "RA must be at least 0 and less than 360 degrees.")]
    [InlineData("ra negative", TargetEditFields.Ra, "RA must be at least 0 and less than 360 degrees.")]
    [InlineData("no dec", TargetEditFields.Dec, "A sidereal target needs a Dec.")]
    [InlineData("dec 90.5", TargetEditFields.Dec, "Dec must be between -90 and +90 degrees.")]
    [InlineData("dec -91", TargetEditFields.Dec, "Dec must be between -90 and +90 degrees.")]
    [InlineData("non-sidereal ra 400", TargetEditFields.Ra, "RA must be at least 0 and less than 360 degrees.")]
    [InlineData("epoch infinite", TargetEditFields.Epoch, "The epoch must be a number of years from 1800 to 2200, such as 2000.")]
    [InlineData("epoch 1e20", TargetEditFields.Epoch, "The epoch must be a number of years from 1800 to 2200, such as 2000.")]
    [InlineData("epoch negative", TargetEditFields.Epoch, "The epoch must be a number of years from 1800 to 2200, such as 2000.")]
    [InlineData("long alias", "Aliases[1]", "Names are limited to 100 characters.")]
    [InlineData("alias is the name", "Aliases[1]", "This is the target's name; an alias must be another name.")]
    [InlineData("alias twice", "Aliases[1]", "The alias ZTF26abcdefg is listed twice.")]
    [InlineData("value without key", "Extras[1].Key", "A field with a value needs a name.")]
    [InlineData("long key", "Extras[1].Key", "Field names are limited to 100 characters.")]
    [InlineData("key twice", "Extras[1].Key", "The field classification is listed twice.")]
    public async Task Each_invalid_field_gets_its_message_and_nothing_is_saved(string broken, string field, string message)
    {
        var id = await CreateAsync("ZTF26keep", 10);
        var edit = broken switch
        {
            "empty name" => Valid with { Name = "  " },
            "long name" => Valid with { Name = new string('n', 101) },
            "unknown type" => Valid with { Type = (TargetType)7 },
            "no ra" => Valid with { Ra = null },
            "ra 360" => Valid with { Ra = 360 },
            "ra negative" => Valid with { Ra = -0.001 },
            "no dec" => Valid with { Dec = null },
            "dec 90.5" => Valid with { Dec = 90.5 },
            "dec -91" => Valid with { Dec = -91 },
            "non-sidereal ra 400" => Valid with { Type = TargetType.NonSidereal, Ra = 400 },
            "epoch infinite" => Valid with { Epoch = double.PositiveInfinity },
            "epoch 1e20" => Valid with { Epoch = 1e20 },
            "epoch negative" => Valid with { Epoch = -1 },
            "long alias" => Valid with { Aliases = ["fine", new string('a', 101)] },
            "alias is the name" => Valid with { Aliases = ["fine", " SN 2026abc"] },
            "alias twice" => Valid with { Aliases = ["ZTF26abcdefg", "ZTF26abcdefg "] },
            "value without key" => Valid with { Extras = [new("classification", "SN Ia"), new(" ", "orphan value")] },
            "long key" => Valid with { Extras = [new("classification", "SN Ia"), new(new string('k', 101), "x")] },
            "key twice" => Valid with { Extras = [new("classification", "SN Ia"), new("classification ", "SN II")] },
            _ => throw new ArgumentOutOfRangeException(nameof(broken)),
        };

        var result = await _editor.UpdateAsync(id, edit, Viewer.System, Cancellation);

        Assert.False(result.Succeeded);
        Assert.Equal(message, result.ProblemFor(field));
        Assert.Single(result.Problems);
        Assert.Equal("ZTF26keep", (await LoadAsync(id)).Name);
    }

    [Fact]
    public async Task A_non_sidereal_target_needs_no_coordinates()
    {
        var id = await CreateAsync("2026 AB1", 10);

        var result = await _editor.UpdateAsync(id, Valid with { Name = "2026 AB1", Type = TargetType.NonSidereal, Ra = null, Dec = null }, Viewer.System, Cancellation);

        Assert.True(result.Succeeded);
        var target = await LoadAsync(id);
        Assert.Equal((TargetType.NonSidereal, (double?)null, (double?)null, (int?)null), (target.Type, target.Ra, target.Dec, target.SkyZone));
    }

    [Fact]
    public async Task An_alias_or_name_that_belongs_to_another_target_says_which_target_and_changes_nothing()
    {
        await CreateAsync("SN 2026other", 50, "ZTF26other");
        var id = await CreateAsync("ZTF26mine", 10, "AT 2026mine");

        var byAlias = await _editor.UpdateAsync(id, Valid with { Name = "ZTF26mine", Aliases = ["AT 2026mine", "ZTF26other"] }, Viewer.System, Cancellation);
        var byName = await _editor.UpdateAsync(id, Valid with { Name = "SN 2026other", Aliases = [] }, Viewer.System, Cancellation);

        Assert.Equal("ZTF26other is already a name of the target SN 2026other.", byAlias.ProblemFor(TargetEditFields.Alias(1)));
        Assert.Null(byAlias.ProblemFor(TargetEditFields.Alias(0)));
        Assert.Equal("A target named SN 2026other already exists.", byName.ProblemFor(TargetEditFields.Name));
        var target = await LoadAsync(id);
        Assert.Equal(("ZTF26mine", 10.0), (target.Name, target.Ra!.Value));
        Assert.Equal(["AT 2026mine"], target.Aliases);
    }

    [Fact]
    public async Task Editing_a_target_that_does_not_exist_says_so()
    {
        var result = await _editor.UpdateAsync(404, Valid, Viewer.System, Cancellation);

        Assert.True(result.NotFound);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Moving_a_target_next_to_another_is_offered_as_a_duplicate_and_saved_only_with_a_reason()
    {
        var other = await CreateAsync("SN 2026near", 187.70593);
        var id = await CreateAsync("ZTF26far", 20);
        var nextToOther = Valid with { Name = "ZTF26far", Aliases = [], Ra = 187.70593 + (1.0 / 3600), Dec = 12 };

        var offered = await _editor.UpdateAsync(id, nextToOther, Viewer.System, Cancellation);

        Assert.False(offered.Succeeded);
        var match = Assert.IsType<TargetAlreadyExists>(offered.Duplicate);
        Assert.Equal((other, DuplicateKind.Position), (match.ExistingTargetId, match.Kind));
        Assert.Equal(20, (await LoadAsync(id)).Ra);

        var saved = await _editor.UpdateAsync(id, nextToOther with { DuplicateReason = "A different host galaxy." }, Viewer.System, Cancellation);

        Assert.True(saved.Succeeded);
        var target = await LoadAsync(id);
        Assert.Equal((187.70593 + (1.0 / 3600), "A different host galaxy."), (target.Ra!.Value, target.DuplicateReason));
    }

    [Fact]
    public async Task An_edit_that_leaves_the_position_alone_is_not_offered_again()
    {
        await CreateAsync("SN 2026near", 187.70593);
        var created = await _writer.CreateAnywayAsync(new TargetDraft { Name = "ZTF26twin", Ra = 187.70593, Dec = 12 }, "Kept apart on purpose.", Cancellation);
        var id = Assert.IsType<TargetCreated>(created).TargetId;

        var result = await _editor.UpdateAsync(id, Valid with { Name = "ZTF26twin", Aliases = [], Ra = 187.70593, Dec = 12, Extras = [new TargetExtraValue("note", "edited")] }, Viewer.System, Cancellation);

        Assert.True(result.Succeeded);
        Assert.Null(result.Duplicate);
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class TargetEditorOnSqliteTests() : TargetEditorTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TargetEditorOnPostgresTests() : TargetEditorTests(DatabaseProvider.Postgres);
