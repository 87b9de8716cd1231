/** Header warnings about who really sent a message (see shared/domain/senderWarnings). */
import { describeSenderWarning, type SenderWarning } from '../../../shared/domain/senderWarnings';

export function SenderWarningList({ warnings }: { warnings: SenderWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="sender-warnings" aria-label="Sender warnings">
      {warnings.map((warning) => {
        const sentence = describeSenderWarning(warning);
        return <li key={sentence}>{sentence}</li>;
      })}
    </ul>
  );
}
