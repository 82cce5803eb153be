import { parseCommand, type ParsedCommand } from '../../shared/schemas.ts';
import { importCounts, type DomainCommand } from '../../shared/domain/index.ts';
import type { Ack, CommandName, CommandPayloads, CommandResult, DomainEvent } from '../../shared/protocol.ts';
import type { BugdaySocket, ServerContext } from '../context.ts';
import type { NamedCommand } from '../command-ledger.ts';
import { receive } from './inbound.ts';
import { secretSteps } from './codes.ts';


/** An issue:sync is answered with what it did. */
function withExtras(answer: Ack<CommandResult>, { name, payload }: ParsedCommand, events: DomainEvent[] = []): Ack<CommandResult> {
  if (!answer.ok || name !== 'issue:sync') return answer;
  const { issues } = payload as CommandPayloads['issue:sync'];
  return { ok: true, data: { ...answer.data, imported: importCounts(issues, events) } };
}

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
      ({ events, ...answer }) => done(withExtras(secret ? secret.finish(answer, (events?.length ?? 0) > 0) : answer, call.value, events)),
      { ...(named ? { named } : {}), ...(secret?.records ? { records: secret.records } : {}) },
    );
  if (actor === null) return run(call.reply);
  ctx.ledger.once(actor, commandId, call.reply, run);
}
