import { COMMAND_NAMES, isCommandName, parseCommand, type ParsedCommand } from '../../shared/schemas.ts';
import type { DomainCommand } from '../../shared/domain/index.ts';
import type { CommandName, CommandResult } from '../../shared/protocol.ts';
import type { BugdaySocket, ServerContext } from '../context.ts';
import type { NamedCommand } from '../command-ledger.ts';
import { receive, replyUnknown } from './inbound.ts';
import { secretSteps } from './mentor-code.ts';

const SESSION_COMMANDS = new Set(['session:join', 'session:sync', 'session:elevate']);

/** limit → validate → (remembered answer?) → decide, store, answer, broadcast. */
function handleCommand(ctx: ServerContext, socket: BugdaySocket, name: CommandName, args: unknown[]) {
  const call = receive<ParsedCommand, CommandResult>(ctx, socket, name, args, (payload) => parseCommand(name, payload));
  if (!call) return;
  const { payload, commandId } = call.value;
  const actor = socket.data.personId;
  const secret = secretSteps(ctx, name);
  const run = (done: typeof call.reply, named?: NamedCommand) =>
    ctx.board.execute(
      actor,
      { name, payload } as DomainCommand,
      ({ events: _events, ...answer }) => done(secret ? secret.finish(answer) : answer),
      { ...(named ? { named } : {}), ...(secret?.records ? { records: secret.records } : {}) },
    );
  if (actor === null) return run(call.reply);
  ctx.ledger.once(actor, commandId, call.reply, run);
}

export function registerCommands(ctx: ServerContext, socket: BugdaySocket) {
  for (const name of COMMAND_NAMES) {
    socket.on(name, (...args: unknown[]) => handleCommand(ctx, socket, name, args));
  }
  // Anything else with a callback learns that the name is wrong instead of waiting forever.
  socket.onAny((name: unknown, ...args: unknown[]) => {
    if (isCommandName(name) || SESSION_COMMANDS.has(name as string)) return;
    replyUnknown(name, args);
  });
}
