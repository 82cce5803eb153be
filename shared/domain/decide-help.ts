import type { CommandPayloads } from '../protocol.ts';
import { nickOf } from './format.ts';
import { accept, findFlag, findIssue, newId, refuse, type Decider } from './rules.ts';
import { openHelpOf } from './state.ts';

type HelpCommands = Pick<CommandPayloads, 'help:raise' | 'help:take' | 'help:resolve' | 'help:cancel'>;

const stillOpen = (status: string) => status === 'open' || status === 'taken';

export const helpDeciders: { [N in keyof HelpCommands]: Decider<HelpCommands[N]> } = {
  'help:raise': (state, actor, { note, issueId }, ctx) => {
    // The note is shown in the chat: a muted person could otherwise chat through help flags.
    if (actor.muted) return refuse('forbidden', 'An organizer has muted you; ask an organizer or a mentor in person.');
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
    if (flag.status !== 'open') return refuse('conflict', `That help flag is already ${flag.status}.`);
    return accept({ type: 'help.taken', helpId });
  },

  'help:resolve': (state, _actor, { helpId }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    if (!stillOpen(lookup.found.status)) return refuse('conflict', `That help flag is already ${lookup.found.status}.`);
    return accept({ type: 'help.resolved', helpId });
  },

  'help:cancel': (state, actor, { helpId }) => {
    const lookup = findFlag(state, helpId);
    if ('refusal' in lookup) return lookup.refusal;
    if (lookup.found.by !== actor.id) return refuse('forbidden', 'Only the person who asked can cancel a help flag.');
    if (!stillOpen(lookup.found.status)) return refuse('conflict', `That help flag is already ${lookup.found.status}.`);
    return accept({ type: 'help.cancelled', helpId });
  },
};
