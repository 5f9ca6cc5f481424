using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// The curated catalog through the real orchestrator and engine: bilingual metadata, who may use a dataset, and
/// withdrawing a version while a session keeps using it.
/// </summary>
public sealed class DatasetCatalogTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Bilingual_metadata_source_license_and_tags_round_trip_to_the_listing_and_the_dataset()
    {
        var admin = fixture.Admin.Http;
        var metadata = new
        {
            name = "catalog-meta", version = "2026-11", titleKo = "상점 매출", titleEn = "Shop sales", descriptionKo = "구별 매출입니다.",
            descriptionEn = "Sales by district.", source = "대전광역시", license = "CC-BY-4.0", tags = new[] { "Retail", "상점" },
        };
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/datasets", Upload(metadata))).StatusCode);

        var (analyst, _) = await fixture.Admin.CreateMemberAsync("meta-reader");
        var dataset = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/catalog-meta");
        var listed = (await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets")).EnumerateArray()
            .Single(d => d.GetProperty("name").GetString() == "catalog-meta");
        foreach (var view in new[] { dataset, listed, dataset.GetProperty("versions")[0] })
        {
            Assert.Equal("상점 매출", view.GetProperty("titleKo").GetString());
            Assert.Equal("Shop sales", view.GetProperty("titleEn").GetString());
            Assert.Equal("Shop sales", view.GetProperty("title").GetString());
            Assert.Equal("구별 매출입니다.", view.GetProperty("descriptionKo").GetString());
            Assert.Equal("Sales by district.", view.GetProperty("descriptionEn").GetString());
            Assert.Equal("대전광역시", view.GetProperty("source").GetString());
            Assert.Equal("CC-BY-4.0", view.GetProperty("license").GetString());
            Assert.Equal(["retail", "상점"], view.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList());
        }

        // Open to everyone by default; analysts see that they may use it, not the access rule itself.
        Assert.True(dataset.GetProperty("entitled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, dataset.GetProperty("access").ValueKind);
        var forAdmin = await admin.GetFromJsonAsync<JsonElement>("/api/v1/datasets/catalog-meta");
        Assert.Equal("everyone", forAdmin.GetProperty("access").GetProperty("access").GetString());
    }

    [Fact]
    public async Task Bad_metadata_is_refused_with_every_field_named_and_leaves_no_entry()
    {
        var response = await fixture.Admin.Http.PostAsync("/api/v1/datasets", Upload(new
        {
            name = "catalog-bad", version = "1", titleKo = new string('가', 201), license = new string('l', 101), tags = new[] { "ok", "two words" },
        }));

        var problem = await ProblemAssert.HasReasonAsync(response, HttpStatusCode.BadRequest, "dataset.invalid_title");
        Assert.Equal(["title", "titleKo", "license", "tags[1]"],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.Http.GetAsync("/api/v1/datasets/catalog-bad")).StatusCode);

        // Tags that are not a list are not metadata at all.
        await ProblemAssert.HasReasonAsync(
            await fixture.Admin.Http.PostAsync("/api/v1/datasets", Upload(new { name = "catalog-bad", version = "1", title = "t", tags = "retail" })),
            HttpStatusCode.BadRequest, "dataset.invalid_metadata");
    }

    [Fact]
    public async Task Members_only_access_follows_the_tier_at_launch_and_shows_entitlement_per_caller()
    {
        await fixture.Admin.PublishDatasetAsync("catalog-members", "1", new Dictionary<string, string> { ["a.csv"] = "x\n1\n" });
        var (member, _) = await fixture.Admin.CreateMemberAsync("coop-member", "member");
        var (nonMember, nonMemberId) = await fixture.Admin.CreateMemberAsync("outsider", "non_member");
        await SetAccessAsync("catalog-members", new { access = "members" });

        await RefusedAsync(nonMember, "catalog-members");
        Assert.False(await EntitledAsync(nonMember, "catalog-members"));
        Assert.True(await EntitledAsync(member, "catalog-members"));
        await LaunchesAsync(member, "catalog-members");

        // Becoming a member opens it at the next launch.
        var patch = await fixture.Admin.Http.PatchAsJsonAsync($"/api/v1/members/{nonMemberId}", new { tier = "member" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await LaunchesAsync(nonMember, "catalog-members");

        var admin = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/catalog-members");
        Assert.Equal("members", admin.GetProperty("access").GetProperty("access").GetString());
        var changed = (await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=dataset.access_changed")).EnumerateArray()
            .Single(e => e.GetProperty("subject").GetString() == "catalog-members");
        Assert.Equal("members", changed.GetProperty("detail").GetProperty("access").GetString());
    }

    [Fact]
    public async Task Named_access_admits_only_the_named_and_everyone_opens_it_again()
    {
        await fixture.Admin.PublishDatasetAsync("catalog-named", "1", new Dictionary<string, string> { ["a.csv"] = "x\n1\n" });
        var (named, namedId) = await fixture.Admin.CreateMemberAsync("named-analyst", "non_member");
        var (other, _) = await fixture.Admin.CreateMemberAsync("unnamed-analyst", "member");
        await SetAccessAsync("catalog-named", new { access = "named", members = new[] { namedId } });

        await RefusedAsync(other, "catalog-named@1");
        Assert.False(await EntitledAsync(other, "catalog-named"));
        await LaunchesAsync(named, "catalog-named");

        // The preview shows the data only to those who may use it, by the same rule.
        await ProblemAssert.HasReasonAsync(
            await other.Http.GetAsync("/api/v1/datasets/catalog-named/versions/1/preview"), HttpStatusCode.Forbidden, "quota.dataset_not_entitled");
        Assert.Equal(HttpStatusCode.OK, (await named.Http.GetAsync("/api/v1/datasets/catalog-named/versions/1/preview")).StatusCode);
        var admin = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/catalog-named");
        Assert.Equal([namedId], admin.GetProperty("access").GetProperty("members").EnumerateArray().Select(m => m.GetString()).ToList());

        await SetAccessAsync("catalog-named", new { access = "everyone" });
        Assert.True(await EntitledAsync(other, "catalog-named"));
        await LaunchesAsync(other, "catalog-named");
    }

    [Fact]
    public async Task Bad_access_changes_are_refused_and_change_nothing()
    {
        await fixture.Admin.PublishDatasetAsync("catalog-access-bad", "1", new Dictionary<string, string> { ["a.csv"] = "x\n1\n" });
        var admin = fixture.Admin.Http;

        var unknown = await ProblemAssert.HasReasonAsync(
            await admin.PutAsJsonAsync("/api/v1/datasets/catalog-access-bad/access", new { access = "named", members = new[] { "ghost-1", "ghost-2" } }),
            HttpStatusCode.BadRequest, "dataset.unknown_members");
        Assert.Contains("ghost-1", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("ghost-2", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.HasReasonAsync(
            await admin.PutAsJsonAsync("/api/v1/datasets/catalog-access-bad/access", new { access = "partners" }), HttpStatusCode.BadRequest, "dataset.invalid_access");
        await ProblemAssert.HasReasonAsync(
            await admin.PutAsJsonAsync("/api/v1/datasets/no-such-dataset/access", new { access = "members" }), HttpStatusCode.NotFound, "dataset.not_found");

        var dataset = await admin.GetFromJsonAsync<JsonElement>("/api/v1/datasets/catalog-access-bad");
        Assert.Equal("everyone", dataset.GetProperty("access").GetProperty("access").GetString());
    }

    [Fact]
    public async Task A_withdrawn_version_stays_mounted_in_a_running_session_while_new_launches_are_refused_or_get_the_previous_version()
    {
        var admin = fixture.Admin;
        await admin.PublishDatasetAsync("catalog-withdraw", "1", new Dictionary<string, string> { ["v.csv"] = "v\n1\n" });
        await admin.PublishDatasetAsync("catalog-withdraw", "2", new Dictionary<string, string> { ["v.csv"] = "v\n2\n" });
        var (analyst, _) = await admin.CreateMemberAsync("withdraw-analyst");
        var (late, _) = await admin.CreateMemberAsync("late-analyst");

        // 1. A session of the latest version runs.
        var launched = await analyst.LaunchAsync("python", "small", "catalog-withdraw");
        var id = launched.GetProperty("id").GetString()!;
        Assert.Equal("2", launched.GetProperty("datasets")[0].GetProperty("version").GetString());
        Assert.Equal("running", (await analyst.WaitForStateAsync(id, StartTimeout, "running", "failed")).GetProperty("state").GetString());
        Assert.Single(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}session={id}"));

        // A kernel started before the withdrawal keeps its state only if its container is never touched.
        await using var kernel = await JupyterKernel.StartAsync(analyst, fixture.Orchestrator.BaseAddress, id);
        Assert.Null((await kernel.ExecuteAsync("marker = 'before-withdrawal'", TimeSpan.FromSeconds(60))).Error);

        // 2. Withdraw it: 200 with withdrawnAt, audited; withdrawing again is harmless.
        var withdrawn = await admin.Http.PostAsync("/api/v1/datasets/catalog-withdraw/versions/2/withdraw", null);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var withdrawnAt = (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("withdrawnAt").GetDateTimeOffset();
        var again = await (await admin.Http.PostAsync("/api/v1/datasets/catalog-withdraw/versions/2/withdraw", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(withdrawnAt, again.GetProperty("withdrawnAt").GetDateTimeOffset());
        var audited = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=dataset.withdrawn")).EnumerateArray()
            .Where(e => e.GetProperty("subject").GetString() == "catalog-withdraw@2").ToList();
        Assert.Single(audited);

        // 3. New launches: the pinned version is refused, the name alone means version 1.
        await ProblemAssert.HasReasonAsync(
            await late.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small", datasets = new[] { "catalog-withdraw@2" } }),
            HttpStatusCode.BadRequest, "dataset.withdrawn");
        var view = await late.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/catalog-withdraw");
        Assert.Equal("1", view.GetProperty("latestVersion").GetString());
        var v2 = view.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "2");
        Assert.Equal(withdrawnAt, v2.GetProperty("withdrawnAt").GetDateTimeOffset());
        var second = await late.LaunchAsync("python", "small", "catalog-withdraw");
        Assert.Equal("1", second.GetProperty("datasets")[0].GetProperty("version").GetString());
        await late.Http.DeleteAsync($"/api/v1/sessions/{second.GetProperty("id").GetString()}");

        // 4. The running session's container is untouched (same kernel, same state) and still reads version 2.
        Assert.Equal("running", Assert.Single(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}session={id}")).State);
        var (output, error) = await kernel.ExecuteAsync("print(marker)\nprint(open('/data/catalog-withdraw/v.csv').read().split()[1])", TimeSpan.FromSeconds(60));
        Assert.Null(error);
        Assert.Equal("before-withdrawal\n2\n", output);

        // 5. A withdrawn version still exists: publishing it again is a conflict, and an unknown version is 404.
        await ProblemAssert.HasReasonAsync(
            await admin.Http.PostAsync("/api/v1/datasets", Upload(new { name = "catalog-withdraw", version = "2", title = "again" })),
            HttpStatusCode.Conflict, "dataset.version_exists");
        await ProblemAssert.HasReasonAsync(
            await admin.Http.PostAsync("/api/v1/datasets/catalog-withdraw/versions/9/withdraw", null), HttpStatusCode.NotFound, "dataset.version_not_found");

        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }

    private async Task SetAccessAsync(string name, object body)
    {
        var response = await fixture.Admin.Http.PutAsJsonAsync($"/api/v1/datasets/{name}/access", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<bool> EntitledAsync(SandboxApi api, string name) =>
        (await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}")).GetProperty("entitled").GetBoolean();

    // Refused with the dataset named, and nothing created.
    private static async Task RefusedAsync(SandboxApi api, string reference)
    {
        var response = await api.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small", datasets = new[] { reference } });
        var problem = await ProblemAssert.HasReasonAsync(response, HttpStatusCode.Forbidden, "quota.dataset_not_entitled");
        Assert.Contains(reference.Split('@')[0], problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/sessions")).GetArrayLength());
    }

    // Admitted; the session is stopped again at once so the member's seat is free.
    private static async Task LaunchesAsync(SandboxApi api, string reference)
    {
        var session = await api.LaunchAsync("python", "small", reference);
        Assert.Equal(reference.Split('@')[0], session.GetProperty("datasets")[0].GetProperty("name").GetString());
        var id = session.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await api.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        await api.WaitForStateAsync(id!, TimeSpan.FromSeconds(60), "stopped");
    }

    private static MultipartFormDataContent Upload(object metadata) => new()
    {
        { new StringContent(JsonSerializer.Serialize(metadata), Encoding.UTF8, "application/json"), "metadata" },
        { new ByteArrayContent(SandboxApi.TarGz(new Dictionary<string, string> { ["a.csv"] = "x\n1\n" })), "archive", "data.tar.gz" },
    };
}
