import type { CommandPayloads, HelpFlag } from '../protocol.ts';
import { nickOf } from './format.ts';
import { accept, findFlag, findIssue, inThread, newId, refuse, type Decider, type Decision } from './rules.ts';
import { openHelpOf, stillOpen } from './state.ts';

type HelpCommands = Pick<
  CommandPayloads,
  'help:raise' | 'help:take' | 'help:resolve' | 'help:cancel' | 'help:return' | 'help:hold' | 'help:reply' | 'help:share'
>;

const closed = (flag: HelpFlag): Decision | undefined =>
  stillOpen(flag) ? undefined : refuse('conflict', `That help flag is already ${flag.status}.`);

/** Notes and replies are words others read, so a muted person cannot add them. */
const MUTED = refuse('forbidden', 'An organizer has muted you; ask an organizer or a mentor in person.');

export const helpDeciders: { [N in keyof HelpCommands]: Decider<HelpCommands[N]> } = {
  'help:raise': (state, actor, { note, issueId }, ctx) => {
    // The note is shown in the chat: a muted person could otherwise chat through help flags.
    if (actor.muted) return MUTED;
    if (openHelpOf(state, actor.id)) {
      return refuse('conflict', 'You already have an open help flag; cancel it or wait for it to be resolved.');
    }
    if (issueId !== undefined) {
      const lookup = findIssue(state, issueId);
      if ('refusal' in lookup) return lookup.refusal;
    }
    return accept({ type: 'help.raised', helpId: newId('h', ctx), note, ...(issueId !== undefined ? { issueId } : {}) });
  },

  'help:take': (state, actor, { helpId }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    const flag = lookup.found;
    if (flag.by === actor.id) return refuse('forbidden', 'You cannot take your own help flag.');
    if (flag.status === 'taken') {
      return refuse('conflict', `${nickOf(state, flag.mentor)} is already helping ${nickOf(state, flag.by)}.`);
    }
    // A held flag may be taken early: the hold is a promise to come back, not a lock.
    return closed(flag) ?? accept({ type: 'help.taken', helpId });
  },

  'help:resolve': (state, _actor, { helpId }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    return closed(lookup.found) ?? accept({ type: 'help.resolved', helpId });
  },

  'help:cancel': (state, actor, { helpId }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    if (lookup.found.by !== actor.id) return refuse('forbidden', 'Only the person who asked can cancel a help flag.');
    return closed(lookup.found) ?? accept({ type: 'help.cancelled', helpId });
  },

  'help:return': (state, _actor, { helpId }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    const flag = lookup.found;
    if (flag.status !== 'taken') return refuse('conflict', `Only a taken flag can be handed back; this one is ${flag.status}.`);
    return accept({ type: 'help.returned', helpId });
  },

  'help:hold': (state, actor, { helpId, minutes, reason }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    const flag = lookup.found;
    if (flag.by === actor.id) return refuse('forbidden', 'You cannot put your own help flag on hold; cancel it instead.');
    return closed(flag) ?? accept({ type: 'help.held', helpId, minutes, reason });
  },

  'help:reply': (state, actor, { helpId, text }) => {
    if (actor.muted) return MUTED;
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    const flag = lookup.found;
    if (!inThread(flag, actor)) return refuse('forbidden', `Only ${nickOf(state, flag.by)} and the mentors talk in this thread.`);
    return closed(flag) ?? accept({ type: 'help.replied', helpId, text });
  },

  'help:share': (state, actor, { helpId }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    const flag = lookup.found;
    if (flag.by !== actor.id) return refuse('forbidden', 'Only the person who asked can make the thread public.');
    if (flag.shared) return refuse('conflict', 'The thread is already public.');
    return accept({ type: 'help.shared', helpId, thread: flag.thread.map((reply) => ({ ...reply })) });
  },
};
