import { COMMAND_NAMES, isCommandName, parseCommand } from '../../shared/schemas.ts';
import type { DomainCommand } from '../../shared/domain/index.ts';
import type { CommandName, CommandResult } from '../../shared/protocol.ts';
import type { BugdaySocket, ServerContext } from '../context.ts';
import type { NamedCommand } from '../command-ledger.ts';
import { inbound, refusal } from './inbound.ts';
import { secretSteps } from './mentor-code.ts';

const SESSION_COMMANDS = new Set(['session:join', 'session:sync', 'session:elevate']);

export const RATE_LIMITED = refusal('rate_limited', 'Slow down: you are sending too fast. Wait a moment and try again.');

/** limit → validate → (remembered answer?) → decide, store, answer, broadcast. */
function handleCommand(ctx: ServerContext, socket: BugdaySocket, name: CommandName, args: unknown[]) {
  const call = inbound<CommandResult>(args);
  if (!call) return;
  if (call.extra) return call.reply(refusal('invalid_payload', `${name} takes one payload object and a callback.`));
  if (!ctx.limits.allow(socket.data.personId, socket.id, name)) return call.reply(RATE_LIMITED);
  const parsed = parseCommand(name, call.payload);
  if (!parsed.ok) return call.reply(parsed);
  const { payload, commandId } = parsed.value;
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
    inbound(args)?.reply(refusal('unknown_command', `bugday has no command called ${String(name).slice(0, 40)}.`));
  });
}
