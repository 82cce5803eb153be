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
 * The commands answered with a code that is not in the event log.
 * mentorCode:show and mentorCode:rotate pass through decide like every other
 * command (so only organizers get this far); the code itself lives in the
 * server's secrets, outside the event log, and is stored in the same write as
 * the rotation's event. person:register is answered with the signed code that
 * claims the registration in a join.
 */
export function secretSteps(ctx: ServerContext, name: CommandName): SecretSteps | undefined {
  // Not a secret to keep: signed on the spot, so the code is the same whenever it is asked for.
  if (name === 'person:register') {
    return { finish: (answer) => (withCode(answer, answer.ok ? ctx.secrets.registrationCode(`r${answer.data.seq}`) : '')) };
  }
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
