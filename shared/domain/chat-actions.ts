/**
 * What a chat command does on this board: a board command to send, or an
 * answer the board already holds. Shared by the chat box and the IRC bridge,
 * so `/claim 123` on the page and `!claim 123` in the channel are one thing.
 */
import type { BoardState, CommandName, CommandPayloads, Issue } from '../protocol.ts';
import type { ChatCommand } from './chat-commands.ts';
import { clockUtc, focusLine, whoHolds } from './format.ts';
import { issueNumbered } from './state.ts';

export type BoardCommand = { [N in CommandName]: { name: N; payload: CommandPayloads[N] } }[CommandName];

/** `told`: what the board holds, a finished answer; `mistaken`: the line named something that is not here, to be put right. */
export type ChatAction = { kind: 'send'; command: BoardCommand } | { kind: 'told'; text: string } | { kind: 'mistaken'; text: string };

const send = (command: BoardCommand): ChatAction => ({ kind: 'send', command });
const told = (text: string): ChatAction => ({ kind: 'told', text });

export interface ChatActionOptions {
  /** Writes the times an answer names, in the reader's zone where there is one. */
  clock?: (ms: number) => string;
  /** The board's issues by number, where the caller already keeps them. */
  byNumber?: ReadonlyMap<number, Issue>;
}

export function chatAction(state: BoardState, command: ChatCommand, { clock = clockUtc, byNumber }: ChatActionOptions = {}): ChatAction {
  switch (command.kind) {
    case 'me':
      return send({ name: 'chat:send', payload: { text: command.action, action: true } });
    case 'help':
      return send({ name: 'help:raise', payload: { note: command.note } });
    case 'focus':
      return told(focusLine(state));
  }
  const issue = byNumber ? byNumber.get(command.number) : issueNumbered(state, command.number);
  if (!issue) return { kind: 'mistaken', text: `#${command.number} is not on this board.` };
  const issueId = issue.id;
  switch (command.kind) {
    case 'who':
      return told(whoHolds(state, issue, clock));
    case 'claim':
      return send({ name: 'issue:claim', payload: command.anyway ? { issueId, confirm: true } : { issueId } });
    case 'release':
      return send({ name: 'issue:release', payload: { issueId } });
    case 'move':
      return send({ name: 'issue:move', payload: { issueId, column: command.column } });
    case 'check':
      return send({ name: 'issue:check', payload: { issueId, branch: command.branch, result: command.result } });
  }
}
