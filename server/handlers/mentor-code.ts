import type { Ack, CommandName, CommandResult } from '../../shared/protocol.ts';
import type { ExecuteOptions } from '../board.ts';
import type { ServerContext } from '../context.ts';
import { newMentorCode } from '../secrets.ts';

interface SecretSteps {
  records?: ExecuteOptions['records'];
  /**
   * Adds the code to a successful answer. `committed` is false for a retry
   * answered from the record of a command that already took effect: nothing
   * new was stored, so the code is the one stored then.
   */
  finish(answer: Ack<CommandResult>, committed: boolean): Ack<CommandResult>;
}

/**
 * mentorCode:show and mentorCode:rotate pass through decide like every other
 * command (so only organizers get this far); the code itself lives in the
 * server's secrets, outside the event log, and is stored in the same write as
 * the rotation's event.
 */
export function secretSteps(ctx: ServerContext, name: CommandName): SecretSteps | undefined {
  if (name === 'mentorCode:show') {
    return { finish: (answer) => withCode(answer, ctx.secrets.mentorCode!) };
  }
  if (name === 'mentorCode:rotate') {
    const mentorCode = newMentorCode();
    return {
      records: () => ({ secrets: { mentorCode } }),
      finish: (answer, committed) => {
        if (answer.ok && committed) ctx.secrets.update({ mentorCode });
        return withCode(answer, ctx.secrets.mentorCode!);
      },
    };
  }
  return undefined;
}

const withCode = (answer: Ack<CommandResult>, code: string): Ack<CommandResult> =>
  answer.ok ? { ok: true, data: { ...answer.data, code } } : answer;
