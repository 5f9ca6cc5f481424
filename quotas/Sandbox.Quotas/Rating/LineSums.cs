namespace Sandbox.Quotas;

/// <summary>
/// For each (member, rate card) met so far, the exact sum over fragments of amount x milliseconds per resource.
/// Quantities are divided by an hour's milliseconds only once per line, so nothing is rounded before the
/// line's amount is.
/// </summary>
internal sealed class LineSums
{
    // With few cards (the usual case) each member gets a card-indexed array of slots: an array read instead
    // of a hash lookup per fragment. Thousands of cards would make those arrays large, so then a dictionary.
    private const int MaxCardsForArrays = 256;

    private readonly Dictionary<long, int> _slotByKey = [];
    private readonly int[]?[] _slotsByMember;
    private readonly long _cardCount;
    private int[] _members = new int[64];
    private int[] _cards = new int[64];
    private ResourceAmounts[] _sums = new ResourceAmounts[64];

    public LineSums(int memberCount, int cardCount)
    {
        _cardCount = Math.Max(cardCount, 1);
        _slotsByMember = new int[]?[_cardCount <= MaxCardsForArrays ? memberCount : 0];
    }

    public int Count { get; private set; }

    public int MemberAt(int slot) => _members[slot];

    public int CardAt(int slot) => _cards[slot];

    /// <summary>Sum of amount x milliseconds of each resource.</summary>
    public ResourceAmounts SumsAt(int slot) => _sums[slot];

    public void Add(int member, int card, in ResourceAmounts amounts, long milliseconds)
    {
        var slot = SlotOf(member, card);

        decimal duration = milliseconds;
        ref var sums = ref _sums[slot];
        sums = new ResourceAmounts(
            amounts.Cpu == 0 ? sums.Cpu : sums.Cpu + (amounts.Cpu * duration),
            amounts.MemoryGiB == 0 ? sums.MemoryGiB : sums.MemoryGiB + (amounts.MemoryGiB * duration),
            amounts.Gpu == 0 ? sums.Gpu : sums.Gpu + (amounts.Gpu * duration));
    }

    private int SlotOf(int member, int card)
    {
        if (_cardCount <= MaxCardsForArrays)
        {
            var slots = _slotsByMember[member];
            if (slots is null)
            {
                slots = new int[_cardCount];
                Array.Fill(slots, -1);
                _slotsByMember[member] = slots;
            }

            if (slots[card] < 0)
            {
                slots[card] = NewSlot(member, card);
            }

            return slots[card];
        }

        var key = (member * _cardCount) + card;
        if (!_slotByKey.TryGetValue(key, out var slot))
        {
            slot = NewSlot(member, card);
            _slotByKey.Add(key, slot);
        }

        return slot;
    }

    private int NewSlot(int member, int card)
    {
        if (Count == _members.Length)
        {
            Array.Resize(ref _members, Count * 2);
            Array.Resize(ref _cards, Count * 2);
            Array.Resize(ref _sums, Count * 2);
        }

        _members[Count] = member;
        _cards[Count] = card;
        _sums[Count] = default;
        return Count++;
    }
}
