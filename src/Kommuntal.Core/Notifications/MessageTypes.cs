using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Core.Notifications;

/// <summary>What follows from a message's <see cref="MessageType"/>.</summary>
public static class MessageTypes
{
    /// <summary>The message to a municipality about a document of this kind.</summary>
    public static MessageType Municipal(DocumentKind kind) => kind == DocumentKind.Proposal ? MessageType.MunicipalProposal : MessageType.MunicipalDecision;

    /// <summary>A message to a municipality (about a published decision or a proposal sent for consultation).</summary>
    public static bool IsMunicipal(this MessageType type) => type is MessageType.MunicipalDecision or MessageType.MunicipalProposal;

    /// <summary>A message to the board's own coordinator (a summary, a failure report or a reminder).</summary>
    public static bool IsForCoordinator(this MessageType type) => !type.IsMunicipal();
}

/// <summary>A message that can never be written, such as one to a municipality the reference data does not know: failed at once, not retried.</summary>
public sealed class UncomposableMessageException(string message) : Exception(message);
