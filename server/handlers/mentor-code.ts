import type { Ack, CommandName, CommandResult } from '../../shared/protocol.ts';
import type { ExecuteOptions } from '../board.ts';
import type { ServerContext } from '../context.ts';
import { newMentorCode } from '../secrets.ts';

interface SecretSteps {
  records?: ExecuteOptions['records'];
  /** Adds the code to a successful answer, once the events (and the new code) are stored. */
  finish(answer: Ack<CommandResult>): Ack<CommandResult>;
}

/**
 * mentorCode:show and mentorCode:rotate pass through decide like every other
 * command (so only organizers get this far); the code itself lives in the
 * server's secrets, outside the event log, and is stored in the same write as
 * the rotation's event.
 */
export function secretSteps(ctx: ServerContext, name: CommandName): SecretSteps | undefined {
  if (name === 'mentorCode:show') {
    return { finish: (answer) => (answer.ok ? { ok: true, data: { ...answer.data, code: ctx.secrets.mentorCode! } } : answer) };
  }
  if (name === 'mentorCode:rotate') {
    const mentorCode = newMentorCode();
    return {
      records: () => ({ secrets: { mentorCode } }),
      finish: (answer) => {
        if (!answer.ok) return answer;
        ctx.secrets.update({ mentorCode });
        return { ok: true, data: { ...answer.data, code: mentorCode } };
      },
    };
  }
  return undefined;
}
