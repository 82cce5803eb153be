/**
 * What the channel hears of the board: each chat message from the page under
 * its sender's nick, and one short line for each claim, release, move to
 * review, commit request and help flag. Nothing private: a help thread's words
 * never leave the page, and a help flag is told without its note.
 */
import { COLUMN_LABELS, issueHref, issueName, nickOf } from '../../shared/domain/index.ts';
import type { BoardState, DomainEvent, Issue } from '../../shared/protocol.ts';
import { relayedNick } from './irc-text.ts';

/** One thing to say in the channel; `lead` starts each of its lines when a long text is split. */
export interface ChannelLine {
  seq: number;
  at: number;
  /** A chat message's own: the bridge says it is still queued to its sender. */
  by?: string;
  action: boolean;
  lead: string;
  text: string;
}

/** `site`: the page's public address, for the links to cards. */
export function channelLine(state: BoardState, event: DomainEvent, site: string): ChannelLine | undefined {
  const { seq, at, actor } = event;
  if (event.type === 'chat.sent') {
    const sender = state.people[actor];
    // A message from the channel is already there.
    if (!sender || sender.via === 'irc') return undefined;
    const nick = relayedNick(sender.nick);
    return event.action
      ? { seq, at, by: actor, action: true, lead: `${nick} `, text: event.text }
      : { seq, at, by: actor, action: false, lead: `<${nick}> `, text: event.text };
  }
  if (!state.event.irc.boardLines) return undefined;
  const said = boardLine(state, event, site);
  return said === undefined ? undefined : { seq, at, action: false, lead: '', text: said };
}

function boardLine(state: BoardState, event: DomainEvent, site: string): string | undefined {
  const who = relayedNick(nickOf(state, event.actor));
  const card = (issueId: string) => {
    const issue: Issue | undefined = state.issues[issueId];
    return issue ? `${issueName(issue)} ${issue.title} ${new URL(issueHref(issue), site).href}` : undefined;
  };
  switch (event.type) {
    case 'issue.claimed':
      return said(card(event.issueId), (c) => `${who} claimed ${c}`);
    case 'issue.assigned':
      return said(card(event.issueId), (c) => `${who} gave ${relayedNick(nickOf(state, event.personId))} ${c}`);
    case 'issue.released':
      return said(card(event.issueId), (c) => (event.reason === 'expired' ? `Released, its lease ran out: ${c}` : `${who} released ${c}`));
    case 'issue.moved':
      return event.to === 'review' ? said(card(event.issueId), (c) => `${who} moved ${c} to ${COLUMN_LABELS.review}`) : undefined;
    case 'issue.commitAsked':
      return said(card(event.issueId), (c) => `${who} asks a core developer to commit ${c}`);
    case 'help.raised':
      return event.issueId ? said(card(event.issueId), (c) => `${who} asked for help on ${c}`) : `${who} asked for help`;
    default:
      return undefined;
  }
}

const said = (card: string | undefined, line: (card: string) => string) => (card === undefined ? undefined : line(card));
