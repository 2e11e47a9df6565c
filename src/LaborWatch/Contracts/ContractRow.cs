using System.Runtime.InteropServices;

namespace LaborWatch.Contracts;

public enum LogStatus : byte { Active, Completed, CancelledByPlatform, EndedByWorker, Deactivated }

/// <summary>
/// One approved contract log as the analytics read it: compact, no exact dates (there are none stored), and no
/// object references (codes are ids into <see cref="ContractRows.Loaded.Codes"/>, -1 for none), so a million
/// rows cost the garbage collector nothing to scan.
/// </summary>
/// <remarks>
/// Stored narrow (80 bytes, was 136): ids, codes and small counts in the fewest bytes that hold their range,
/// nulls as values no input can have (NaN hours; the smallest short), so ten million logs fit in memory and a
/// scan reads half the bytes. The properties give the values as before. It is unmanaged and sequential: the
/// published snapshot (<see cref="PublishedSnapshot"/>) writes and reads rows as their bytes, so any change to
/// the fields must change <see cref="PublishedSnapshot.Format"/>.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct ContractRow
{
    const short NoShort = short.MinValue;

    readonly long _grossPayMinor;
    readonly double _paidHours, _unpaidHours, _noticeHours;
    readonly long _advertisedHourlyMinor;   // up to the validator's 10^12 minor units: a long
    readonly int _submitterId, _platformId, _startMonth, _endMonth;
    readonly uint _recordKey;
    readonly ushort _flagsAnswered, _flagsYes;
    readonly short _taskType, _country, _region, _currency, _durationWeeks, _paymentDelayDays;
    readonly sbyte _rateCut;
    readonly byte _bits;   // status in the low three bits, then hourly pay, then synthetic

    public ContractRow(
        long SubmitterId, long PlatformId, int StartMonth, int EndMonth, int TaskType, int Country, int Region,
        int Currency, long GrossPayMinor, double PaidHours, double UnpaidHours, long AdvertisedHourlyMinor,
        bool HourlyPay, bool Synthetic, LogStatus Status, double? NoticeHours, int? DurationWeeks, int? PaymentDelayDays,
        int? RateCut, int FlagsAnswered, int FlagsYes, uint RecordKey = 0)
    {
        _submitterId = checked((int)SubmitterId);
        _platformId = checked((int)PlatformId);
        _startMonth = StartMonth;
        _endMonth = EndMonth;
        _taskType = checked((short)TaskType);
        _country = checked((short)Country);
        _region = checked((short)Region);
        _currency = checked((short)Currency);
        _grossPayMinor = GrossPayMinor;
        _paidHours = PaidHours;
        _unpaidHours = UnpaidHours;
        _advertisedHourlyMinor = AdvertisedHourlyMinor;
        _bits = (byte)((byte)Status | (HourlyPay ? 8 : 0) | (Synthetic ? 16 : 0));
        _noticeHours = NoticeHours ?? double.NaN;
        _durationWeeks = DurationWeeks is { } w ? checked((short)w) : NoShort;
        _paymentDelayDays = PaymentDelayDays is { } d ? checked((short)d) : NoShort;
        _rateCut = RateCut is { } r ? checked((sbyte)r) : sbyte.MinValue;
        _flagsAnswered = checked((ushort)FlagsAnswered);
        _flagsYes = checked((ushort)FlagsYes);
        _recordKey = RecordKey;
    }

    public long SubmitterId => _submitterId;
    public long PlatformId => _platformId;
    /// <summary>Months as yyyymm integers (202503); EndMonth is 0 while active.</summary>
    public int StartMonth => _startMonth;
    public int EndMonth => _endMonth;
    public int TaskType => _taskType;
    public int Country => _country;
    public int Region => _region;
    public int Currency => _currency;
    public long GrossPayMinor => _grossPayMinor;
    public double PaidHours => _paidHours;
    public double UnpaidHours => _unpaidHours;
    public long AdvertisedHourlyMinor => _advertisedHourlyMinor;
    public bool HourlyPay => (_bits & 8) != 0;
    public bool Synthetic => (_bits & 16) != 0;
    public uint RecordKey => _recordKey;
    public int FlagsAnswered => _flagsAnswered;
    public int FlagsYes => _flagsYes;

    public LogStatus Status
    {
        get => (LogStatus)(_bits & 7);
        init => _bits = (byte)(_bits & ~7 | (byte)value);
    }

    public double? NoticeHours => double.IsNaN(_noticeHours) ? null : _noticeHours;

    public int? DurationWeeks
    {
        get => _durationWeeks == NoShort ? null : _durationWeeks;
        init => _durationWeeks = value is { } w ? checked((short)w) : NoShort;
    }

    public int? PaymentDelayDays => _paymentDelayDays == NoShort ? null : _paymentDelayDays;
    public int? RateCut => _rateCut == sbyte.MinValue ? null : _rateCut;

    public int StartYear => StartMonth / 100;
    public double TotalHours => PaidHours + UnpaidHours;
    public bool Ended => Status != LogStatus.Active;
    public bool PlatformEnded => Status is LogStatus.CancelledByPlatform or LogStatus.Deactivated;

    /// <summary>The answer to flag <paramref name="index"/> of <see cref="ContractColumns.Flags"/>: 1, 0 or null.</summary>
    public int? Flag(int index) => (FlagsAnswered >> index & 1) == 0 ? null : FlagsYes >> index & 1;

    public static string MonthText(int yearMonth) => $"{yearMonth / 100:D4}-{yearMonth % 100:D2}";
}
