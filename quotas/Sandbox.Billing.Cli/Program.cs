using Sandbox.Billing.Cli;

using var stdout = Console.OpenStandardOutput();
return BillingCommandLine.Run(args, stdout, Console.Error);
