using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Brokers.Forms;
using TomDashboard.Components.Shared;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Fink;

/// <summary>The generated Fink form, with its class list loaded from a local Fink.</summary>
public sealed class FinkFormTests : DashboardTestContext, IAsyncLifetime
{
    private FakeFink _fink = default!;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _fink = await FakeFink.StartAsync();
        Services.AddHttpClient(BrokerHttp.ClientName(FinkBroker.BrokerName));
        Services.AddOptions<FinkOptions>(FinkBroker.BrokerName).Configure(options =>
        {
            options.ZtfBaseUrl = _fink.ZtfBaseUrl;
            options.LsstBaseUrl = _fink.LsstBaseUrl;
        });
        Services.AddKeyedSingleton<IChoiceProvider, FinkClassChoices>(FinkClassChoices.Key);
    }

    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    private IRenderedComponent<ParameterForm> RenderForm(FinkParameters model)
    {
        _popovers = Render<MudPopoverProvider>();
        return Render<ParameterForm>(parameters => parameters.Add(form => form.Model, model));
    }

    private static IElement FieldOf(IRenderedComponent<ParameterForm> form, string name) => form.Find($"[data-parameter='{name}']");

    [Fact]
    public async Task The_class_field_offers_finks_classes()
    {
        try
        {
            var model = new FinkParameters { Class = "(TNS) SN Ia", ClassAlertCount = 10 };
            var form = RenderForm(model);

            // The select shows the current value before the list arrives, so open it and pick a class only Fink offers.
            form.WaitForAssertion(() => Assert.Single(_fink.CallsTo("/ztf/api/v1/classes")));
            await form.InvokeAsync(() => FieldOf(form, nameof(FinkParameters.Class)).QuerySelector(".mud-input-control")!.MouseDown());
            form.WaitForAssertion(() => Assert.Contains(_popovers.FindAll(".mud-list-item"),
                item => item.TextContent.Contains("Kilonova candidate", StringComparison.Ordinal)));
            await form.InvokeAsync(() => _popovers.FindAll(".mud-list-item").Single(item => item.TextContent.Trim() == "Kilonova candidate").Click());
            form.WaitForAssertion(() => Assert.Equal("Kilonova candidate", model.Class));
            Assert.Single(_fink.CallsTo("/ztf/api/v1/classes"));
            Assert.Contains("Survey", FieldOf(form, nameof(FinkParameters.Survey)).TextContent, StringComparison.Ordinal);
        }
        finally
        {
            await _fink.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_fink_the_class_is_typed_as_text()
    {
        try
        {
            _fink.Faults["/ztf/api/v1/classes"] = BrokerFault.ServerError;
            var model = new FinkParameters();
            var form = RenderForm(model);

            form.WaitForAssertion(() =>
            {
                var field = FieldOf(form, nameof(FinkParameters.Class));
                Assert.Empty(field.QuerySelectorAll(".mud-select"));
                Assert.Contains("The options could not be loaded", field.TextContent, StringComparison.Ordinal);
            });
            FieldOf(form, nameof(FinkParameters.Class)).QuerySelector("input")!.Input("Kilonova candidate");
            form.WaitForAssertion(() => Assert.Equal("Kilonova candidate", model.Class));
        }
        finally
        {
            await _fink.DisposeAsync();
        }
    }
}
