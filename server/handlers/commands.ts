import { parseCommand, type ParsedCommand } from '../../shared/schemas.ts';
import type { DomainCommand } from '../../shared/domain/index.ts';
import type { CommandName, CommandResult } from '../../shared/protocol.ts';
import type { BugdaySocket, ServerContext } from '../context.ts';
import type { NamedCommand } from '../command-ledger.ts';
import { receive } from './inbound.ts';
import { secretSteps } from './codes.ts';


/** limit → validate → (remembered answer?) → decide, store, answer, broadcast. */
export function handleCommand(ctx: ServerContext, socket: BugdaySocket, name: CommandName, args: unknown[]) {
  const call = receive<ParsedCommand, CommandResult>(ctx, socket, name, args, (payload) => parseCommand(name, payload));
  if (!call) return;
  const { payload, commandId } = call.value;
  const actor = socket.data.personId;
  const secret = secretSteps(ctx, name);
  const run = (done: typeof call.reply, named?: NamedCommand) =>
    ctx.board.execute(
      actor,
      { name, payload } as DomainCommand,
      ({ events, ...answer }) => done(secret ? secret.finish(answer, (events?.length ?? 0) > 0) : answer),
      { ...(named ? { named } : {}), ...(secret?.records ? { records: secret.records } : {}) },
    );
  if (actor === null) return run(call.reply);
  ctx.ledger.once(actor, commandId, call.reply, run);
}
