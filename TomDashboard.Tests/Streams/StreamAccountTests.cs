using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Accounts;
using TomDashboard.Alerts;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Streams;

/// <summary>Stream handlers create as the configured service account, shared with its configured groups.</summary>
public sealed class StreamAccountTests : IAsyncLifetime
{
    private TestApp _app = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app = new TestApp(new Dictionary<string, string?>
        {
            ["Auth:StreamAccount:UserName"] = "ztf-robot",
            ["Auth:StreamAccount:Groups:0"] = "Survey team",
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_CreateTarget_handler_makes_a_target_owned_by_the_service_account_and_shared_with_its_groups()
    {
        var services = _app.Services;
        var accounts = services.GetRequiredService<AccountDirectory>();
        var groups = services.GetRequiredService<TeamGroups>();
        var pipeline = services.GetRequiredService<StreamPipelineBuilder>().Build(new StreamOptions
        {
            Name = "ZTF",
            Format = PacketFormat.ZtfAvro,
            Topics = [new TopicOptions { Topic = "ztf_test", Handlers = [new HandlerOptions { Action = HandlerAction.CreateTarget }] }],
        }).Pipeline!;
        var health = services.GetRequiredService<StreamHealthRegistry>().Register("ZTF", StreamKind.Kafka, []);
        var envelope = new StreamEnvelope { Stream = "ZTF", Topic = "ztf_test", Offset = 1, ReceivedAt = DateTimeOffset.UtcNow, Value = Fixtures.ZtfPacket };

        var status = await services.GetRequiredService<StreamMessageProcessor>().ProcessAsync(pipeline, health, envelope, Cancellation);

        Assert.Equal(StreamMessageStatus.Ingested, status);
        await using var database = await services.GetRequiredService<IDbContextFactory<TomDashboard.Data.TomDbContext>>().CreateDbContextAsync(Cancellation);
        var target = await database.Targets.AsNoTracking().Include(each => each.Shares).SingleAsync(Cancellation);
        var robot = await database.Users.AsNoTracking().SingleAsync(user => user.UserName == "ztf-robot", Cancellation);
        var team = Assert.Single(await groups.ListAsync(Cancellation));
        Assert.Equal(robot.Id, target.OwnerId);
        Assert.Null(robot.PasswordHash);
        Assert.Equal(TargetVisibility.Private, target.Visibility);
        Assert.Equal([team.Id], target.Shares.Select(share => share.GroupId));
        Assert.Equal(["ztf-robot"], team.MemberNames);

        // A member of the group sees it; another user does not.
        await accounts.CreateUserAsync("ada", "correct horse battery", isAdministrator: false, Cancellation);
        await accounts.CreateUserAsync("bob", "correct horse battery", isAdministrator: false, Cancellation);
        await groups.AddMemberAsync(team.Id, "ada", Cancellation);
        var users = await accounts.ListUsersAsync(Cancellation);
        var ada = (await groups.ViewerAsync(users.Single(user => user.UserName == "ada").Id, Cancellation))!;
        var bob = (await groups.ViewerAsync(users.Single(user => user.UserName == "bob").Id, Cancellation))!;
        var search = services.GetRequiredService<TargetSearch>();
        Assert.NotNull(await search.FindAsync(target.Id, ada, Cancellation));
        Assert.Null(await search.FindAsync(target.Id, bob, Cancellation));
        Assert.False((await accounts.CheckPasswordAsync("ztf-robot", "", Cancellation)).Succeeded);
    }
}
