namespace Sandbox.Quotas.Tests.Cli;

/// <summary>Arguments, usage errors and the guarantees of the command line's output, run in process.</summary>
public sealed class BillingCommandLineTests
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "Golden", "contract-example", "input.json");

    [Theory]
    [InlineData]
    [InlineData("bill")]
    [InlineData("invoice")]
    [InlineData("invoice", "--input", "x.json")]
    [InlineData("invoice", "--month", "2026-11")]
    [InlineData("invoice", "--input", "x.json", "--month")]
    [InlineData("invoice", "--input", "x.json", "--month", "2026-11", "--colour", "red")]
    [InlineData("invoice", "--input", "x.json", "--month", "2026-11", "--format", "xml")]
    public void Usage_errors_exit_2_with_the_usage_on_stderr_and_nothing_on_stdout(params string[] args)
    {
        var (exitCode, stdout, stderr) = CommandLineRunner.Run(args);

        Assert.Equal((2, ""), (exitCode, stdout));
        Assert.StartsWith("sandbox-billing: ", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage: sandbox-billing invoice --input FILE --month YYYY-MM", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("26-11")]
    [InlineData("2026/11")]
    public void A_malformed_month_exits_2_naming_it(string month)
    {
        var (exitCode, stdout, stderr) = CommandLineRunner.Run("invoice", "--input", Example, "--month", month);

        Assert.Equal((2, ""), (exitCode, stdout));
        Assert.Contains($"--month '{month}' is not YYYY-MM", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_prints_the_usage_on_stdout_and_exits_0(string flag)
    {
        var (exitCode, stdout, stderr) = CommandLineRunner.Run("invoice", flag);

        Assert.Equal((0, ""), (exitCode, stderr));
        Assert.Contains("--input FILE", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_may_be_written_with_an_equals_sign_and_in_any_order()
    {
        var spaced = CommandLineRunner.Run("invoice", "--input", Example, "--month", "2026-11");
        var joined = CommandLineRunner.Run("invoice", "--month=2026-11", $"--input={Example}");

        Assert.Equal(0, spaced.ExitCode);
        Assert.Equal(spaced, joined);
    }

    [Fact]
    public void A_missing_input_file_exits_2_naming_it()
    {
        var (exitCode, stdout, stderr) = CommandLineRunner.Run("invoice", "--input", "/nonexistent/scenario.json", "--month", "2026-11");

        Assert.Equal((2, ""), (exitCode, stdout));
        Assert.Contains("cannot read /nonexistent/scenario.json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_twice_prints_identical_bytes()
    {
        var first = CommandLineRunner.Run("invoice", "--input", Example, "--month", "2026-11");
        var second = CommandLineRunner.Run("invoice", "--input", Example, "--month", "2026-11");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Csv_format_prints_the_same_numbers_as_json()
    {
        var (exitCode, stdout, _) = CommandLineRunner.Run("invoice", "--input", Example, "--month", "2026-11", "--format", "csv");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "member,month,resource,tier,rateEffectiveFrom,krwPerHour,quantity,amountKrw,subtotalKrw,creditKrw,totalKrw\r\n"
            + "m-001,2026-11,cpu,member,2026-01-01T00:00:00+09:00,30,5.000000,150,190,190,0\r\n"
            + "m-001,2026-11,memoryGiB,member,2026-01-01T00:00:00+09:00,4,10.000000,40,190,190,0\r\n",
            stdout);
    }
}
