using System.Globalization;
using System.Numerics;
using System.Text;

namespace Unroll;

/// <summary>
/// Python's <c>str.format</c> for the file names Keras's ModelCheckpoint makes
/// (<c>"model_{epoch:02d}_{val_loss:.2f}"</c> with <c>epoch</c> an int and the logs floats):
/// fields by name with the format-spec mini-language ([[fill]align][sign][0][width][,|_][.precision][type],
/// types d, f, F, e, E, g, G, % and none), <c>{{</c> and <c>}}</c>. Rounding is Python's: the
/// exact binary value, half to even. Not supported (and refused): <c>!r</c>/<c>!s</c>,
/// indexing, <c>#</c>, <c>z</c>, nested fields, the n, x, o, b, c types.
/// </summary>
internal static class PythonFormat
{
    /// <summary>Formats <paramref name="template"/> with <c>epoch</c> and every name of <paramref name="logs"/>.</summary>
    public static string Format(string template, int epoch, Logs logs)
    {
        var text = new StringBuilder(template.Length + 16);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}') { text.Append('}'); i++; continue; }
                throw new FormatException($"Single '}}' encountered in format string '{template}' at {i}; write '}}}}' for a brace.");
            }
            if (c != '{') { text.Append(c); continue; }
            if (i + 1 < template.Length && template[i + 1] == '{') { text.Append('{'); i++; continue; }
            int close = template.IndexOf('}', i + 1);
            if (close < 0) throw new FormatException($"Single '{{' encountered in format string '{template}' at {i}; write '{{{{' for a brace.");
            string field = template[(i + 1)..close];
            int colon = field.IndexOf(':');
            string name = colon < 0 ? field : field[..colon];
            string spec = colon < 0 ? "" : field[(colon + 1)..];
            if (name.Length == 0 || name.AsSpan().IndexOfAny("!.[{") >= 0)
                throw new FormatException($"The field '{{{field}}}' in '{template}' is not a plain name (positional fields, !r/!s, attributes and indexing are not supported).");
            if (name == "epoch") text.Append(FormatInteger(epoch, Spec.Parse(spec, field)));
            else if (logs.TryGetValue(name, out float value)) text.Append(FormatFloat(value, Spec.Parse(spec, field)));
            else throw new KeyNotFoundException($"Failed to format the file path '{template}': {Logs.MissingName(name, "the logs", logs.Names).Message} (and 'epoch').");
            i = close;
        }
        return text.ToString();
    }

    private readonly record struct Spec(char Fill, char Align, char Sign, int Width, char Grouping, int Precision, char Type)
    {
        public static Spec Parse(string spec, string field)
        {
            int i = 0;
            char fill = '\0', align = '\0', sign = '-', grouping = '\0', type = '\0';
            int width = 0, precision = -1;
            if (spec.Length >= 2 && "<>=^".Contains(spec[1])) { fill = spec[0]; align = spec[1]; i = 2; }
            else if (spec.Length >= 1 && "<>=^".Contains(spec[0])) { align = spec[0]; i = 1; }
            if (i < spec.Length && "+- ".Contains(spec[i])) sign = spec[i++];
            if (i < spec.Length && (spec[i] == 'z' || spec[i] == '#'))
                throw new FormatException($"'{spec[i]}' in '{{{field}}}' is not supported.");
            if (i < spec.Length && spec[i] == '0')
            {
                // Python's '0' flag: zero fill unless a fill is given, sign-aware unless an alignment is.
                if (fill == '\0') fill = '0';
                if (align == '\0') align = '=';
                i++;
            }
            int start = i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i])) i++;
            if (i > start) width = int.Parse(spec.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            if (i < spec.Length && (spec[i] == ',' || spec[i] == '_')) grouping = spec[i++];
            if (i < spec.Length && spec[i] == '.')
            {
                start = ++i;
                while (i < spec.Length && char.IsAsciiDigit(spec[i])) i++;
                if (i == start) throw new FormatException($"Format specifier missing precision in '{{{field}}}'.");
                precision = int.Parse(spec.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            }
            if (i < spec.Length) type = spec[i++];
            if (i != spec.Length) throw new FormatException($"Invalid format specifier '{spec}' in '{{{field}}}'.");
            if (type != '\0' && !"dfFeEgG%".Contains(type))
                throw new FormatException($"The format type '{type}' in '{{{field}}}' is not supported (d, f, F, e, E, g, G, % and none are).");
            return new Spec(fill == '\0' ? ' ' : fill, align, sign, width, grouping, precision, type);
        }
    }

    private static string FormatInteger(long value, Spec spec)
    {
        if (spec.Type is 'd' or '\0')
        {
            if (spec.Precision >= 0) throw new FormatException("Precision not allowed in integer format specifier.");
            string digits = Group(Math.Abs(value).ToString(CultureInfo.InvariantCulture), spec.Grouping);
            return Pad(SignOf(value < 0, spec.Sign), digits, spec);
        }
        return FormatFloat(value, spec); // Python formats an int with f, e, g, % as a float
    }

    private static string FormatFloat(double value, Spec spec)
    {
        if (spec.Type == 'd') throw new FormatException("Unknown format code 'd' for object of type 'float' (Python refuses it too): use .0f.");
        bool negative = double.IsNegative(value);
        bool upper = spec.Type is 'F' or 'E' or 'G';
        string body;
        if (double.IsNaN(value)) { body = upper ? "NAN" : "nan"; negative = false; }
        else if (double.IsInfinity(value)) body = upper ? "INF" : "inf";
        else
        {
            double magnitude = Math.Abs(value);
            int precision = spec.Precision;
            body = spec.Type switch
            {
                'f' or 'F' => Fixed(Exact(magnitude), precision < 0 ? 6 : precision, spec.Grouping),
                'e' or 'E' => Scientific(Exact(magnitude), precision < 0 ? 6 : precision, upper),
                '%' => Fixed(Exact(magnitude) * 100, precision < 0 ? 6 : precision, spec.Grouping) + "%",
                'g' or 'G' => General(Exact(magnitude), precision < 0 ? 6 : Math.Max(precision, 1), upper, spec.Grouping, addDotZero: false),
                _ => precision < 0 ? Repr(magnitude, spec.Grouping) : General(Exact(magnitude), Math.Max(precision, 1), false, spec.Grouping, addDotZero: true),
            };
        }
        if (spec.Type == '%' && (double.IsNaN(value) || double.IsInfinity(value))) body += "%";
        return Pad(SignOf(negative, spec.Sign), body, spec);
    }

    private static string SignOf(bool negative, char sign) => negative ? "-" : sign switch { '+' => "+", ' ' => " ", _ => "" };

    private static string Pad(string sign, string body, Spec spec)
    {
        int padding = spec.Width - sign.Length - body.Length;
        if (padding <= 0) return sign + body;
        string fill = new(spec.Fill, padding);
        return spec.Align switch
        {
            '<' => sign + body + fill,
            '^' => new string(spec.Fill, padding / 2) + sign + body + new string(spec.Fill, padding - padding / 2),
            '=' => sign + fill + body,
            _ => fill + sign + body, // numbers align right by default
        };
    }

    private static string Group(string digits, char separator)
    {
        if (separator == '\0' || digits.Length <= 3) return digits;
        var text = new StringBuilder();
        int lead = digits.Length % 3 == 0 ? 3 : digits.Length % 3;
        text.Append(digits, 0, lead);
        for (int i = lead; i < digits.Length; i += 3) text.Append(separator).Append(digits, i, 3);
        return text.ToString();
    }

    /// <summary>An exact non-negative rational: the double's own binary value, so rounding sees no error.</summary>
    private readonly record struct Rational(BigInteger Numerator, BigInteger Denominator)
    {
        public static Rational operator *(Rational r, int k) => new(r.Numerator * k, r.Denominator);
    }

    private static Rational Exact(double magnitude)
    {
        long bits = BitConverter.DoubleToInt64Bits(magnitude);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        exponent -= 1075;
        return exponent >= 0 ? new(new BigInteger(mantissa) << exponent, BigInteger.One) : new(mantissa, BigInteger.One << -exponent);
    }

    /// <summary>round(value · 10^<paramref name="scale"/>), half to even.</summary>
    private static BigInteger RoundScaled(Rational value, int scale)
    {
        BigInteger n = value.Numerator, d = value.Denominator;
        if (scale >= 0) n *= BigInteger.Pow(10, scale); else d *= BigInteger.Pow(10, -scale);
        BigInteger q = BigInteger.DivRem(n, d, out BigInteger r);
        int half = (r * 2).CompareTo(d);
        return half > 0 || (half == 0 && !q.IsEven) ? q + 1 : q;
    }

    private static string Fixed(Rational value, int precision, char grouping)
    {
        string digits = RoundScaled(value, precision).ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        string whole = Group(digits[..^precision], grouping);
        return precision == 0 ? whole : whole + "." + digits[^precision..];
    }

    /// <summary>The <paramref name="significant"/> digits of the value rounded, and its decimal exponent.</summary>
    private static (string Digits, int Exponent) Significant(Rational value, int significant)
    {
        if (value.Numerator.IsZero) return (new string('0', significant), 0);
        int exponent = (int)Math.Floor(BigInteger.Log10(value.Numerator) - BigInteger.Log10(value.Denominator));
        while (true)
        {
            string digits = RoundScaled(value, significant - 1 - exponent).ToString(CultureInfo.InvariantCulture);
            if (digits.Length > significant) exponent++;      // the estimate was low, or rounding carried into a new digit
            else if (digits.Length < significant) exponent--; // the estimate was high
            else return (digits, exponent);
        }
    }

    private static string Scientific(Rational value, int precision, bool upper)
    {
        var (digits, exponent) = Significant(value, precision + 1);
        string mantissa = precision == 0 ? digits : digits[..1] + "." + digits[1..];
        return mantissa + Exponent(exponent, upper);
    }

    private static string Exponent(int exponent, bool upper)
        => (upper ? "E" : "e") + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Python's g (and, with <paramref name="addDotZero"/>, the no-type format with a precision):
    /// scientific when the exponent is below −4 or not below the precision (precision − 1 for
    /// the no-type format), trailing zeros dropped.
    /// </summary>
    private static string General(Rational value, int precision, bool upper, char grouping, bool addDotZero)
    {
        var (digits, exponent) = Significant(value, precision);
        if (value.Numerator.IsZero) exponent = 0;
        bool scientific = exponent < -4 || exponent >= (addDotZero ? precision - 1 : precision);
        if (scientific)
        {
            string fraction = digits[1..].TrimEnd('0');
            return digits[..1] + (fraction.Length > 0 ? "." + fraction : "") + Exponent(exponent, upper);
        }
        return Layout(digits, exponent, grouping, addDotZero);
    }

    /// <summary>Fixed notation of significant <paramref name="digits"/> d.ddd × 10^<paramref name="exponent"/>, trailing fraction zeros dropped.</summary>
    private static string Layout(string digits, int exponent, char grouping, bool keepOneFractionDigit)
    {
        string whole, fraction;
        if (exponent < 0)
        {
            whole = "0";
            fraction = new string('0', -exponent - 1) + digits;
        }
        else if (exponent + 1 >= digits.Length)
        {
            whole = digits + new string('0', exponent + 1 - digits.Length);
            fraction = "";
        }
        else
        {
            whole = digits[..(exponent + 1)];
            fraction = digits[(exponent + 1)..];
        }
        fraction = fraction.TrimEnd('0');
        if (fraction.Length == 0 && keepOneFractionDigit) fraction = "0";
        whole = Group(whole, grouping);
        return fraction.Length == 0 ? whole : whole + "." + fraction;
    }

    /// <summary>Python's <c>repr</c> of a float: the shortest digits that read back to it; scientific below 1e-4 or from 1e16.</summary>
    private static string Repr(double magnitude, char grouping)
    {
        if (magnitude == 0) return "0.0";
        // .NET's "R" gives the same shortest round-trip digits as Python's repr; only the layout differs.
        string shortest = magnitude.ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOf('E');
        string mantissa = e < 0 ? shortest : shortest[..e];
        int exponent10 = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string allDigits = mantissa.Replace(".", "", StringComparison.Ordinal);
        int pointAt = (dot < 0 ? mantissa.Length : dot) + exponent10; // digits before the decimal point
        string trimmed = allDigits.TrimStart('0');
        pointAt -= allDigits.Length - trimmed.Length;
        string digits = trimmed.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int exponent = pointAt - 1;
        if (exponent < -4 || exponent >= 16)
            return digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + Exponent(exponent, upper: false);
        return Layout(digits, exponent, grouping, keepOneFractionDigit: true);
    }
}
