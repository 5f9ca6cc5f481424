using Sandbox.Orchestrator.Live;

namespace Sandbox.Orchestrator.Tests.Culling;

/// <summary>Member notices that are only recorded, for tests to read.</summary>
internal sealed class RecordingMemberNotices : IMemberNotices
{
    private readonly List<(string MemberId, MemberNotice Notice)> _sent = [];

    public IReadOnlyList<(string MemberId, MemberNotice Notice)> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToList();
            }
        }
    }

    public IReadOnlyList<MemberNotice> OfKind(string kind) => Sent.Where(s => s.Notice.Kind == kind).Select(s => s.Notice).ToList();

    public Task SendAsync(string memberId, MemberNotice notice, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add((memberId, notice));
        }

        return Task.CompletedTask;
    }
}
