using System.Globalization;

/// <summary>The 8 Pima measurements from the command line, shared by the comparison apps.</summary>
internal static class PimaArguments
{
    /// <summary>The features, or null after printing what is wrong.</summary>
    public static float[]? Parse(string[] args, string app)
    {
        if (args.Length != 8)
        {
            Console.Error.WriteLine($"usage: {app} PREGNANCIES GLUCOSE BLOOD_PRESSURE SKIN INSULIN BMI PEDIGREE AGE");
            return null;
        }
        var x = new float[8];
        for (var i = 0; i < 8; i++)
        {
            if (!float.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out x[i]))
            {
                Console.Error.WriteLine($"not a number: {args[i]}");
                return null;
            }
        }
        return x;
    }
}
