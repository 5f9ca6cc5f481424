namespace Sandbox.Quotas;

/// <summary>How billing prints numbers: whole ones without a fraction; others (rates) with the decimals they were given with.</summary>
public static class BillingNumbers
{
    /// <summary>5000.0 becomes 5000 (scale 0); 2.50 stays 2.50.</summary>
    public static decimal WholeWithoutFraction(decimal value) =>
        value == decimal.Truncate(value) ? decimal.Truncate(value) : value;
}
