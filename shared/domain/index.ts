export { apply, applyAll } from './apply.ts';
export { decide, type Actor, type DecideContext, type Decision, type DomainCommand } from './decide.ts';
export { can, PERMISSIONS, type Viewer } from './permissions.ts';
export { importCounts, syncWithTracker } from './decide-issues.ts';
export { aRole, clockUtc, COLUMN_LABELS, focusLine, issueHref, issueName, nickOf, whoHolds } from './format.ts';
export { mergePresence } from './presence.ts';
export { stamp } from './stamp.ts';
export { CHAT_COMMAND_HELP, claimIntent, IRC_SYNTAX, parseChat, type ChatCommand, type ParsedChat } from './chat-commands.ts';
export { mentionedNicks } from './mentions.ts';
export { isMentor } from './rules.ts';
export { chatIndex, chatMessage, emptyState, findIrcPerson, findPersonByNick, holdersOf, holdings, isHolder, issuesByNumber, issuesHeldBy, openHelpOf, stillOpen } from './state.ts';
export {
  CHAT_LINKS,
  ISSUE_HISTORY_BOUNDS,
  IssueTimelines,
  issueHistory,
  issueOf,
  mentionedNumbers,
  mentions,
  type IssueHistoryBounds,
} from './issue-history.ts';
export { decideClock, leaseDeadline, MINUTE_MS, nextDeadline, type OfflineSince } from './clock.ts';
export {
  DEFAULT_HELP_MINUTES,
  explainEstimate,
  helpQueue,
  helpStats,
  MEASURED_AFTER,
  meanHelpTime,
  ordinal,
  queuePosition,
  waitEstimate,
  type HelpStats,
  type HelpTime,
  type WaitEstimate,
} from './help-queue.ts';
export { eventFor, holdsPrivate, mayReadThread, readsPrivate, stateFor, type Viewer as ThreadViewer } from './privacy.ts';
export { LEADERS_SHOWN, StatsFold } from './event-stats.ts';
export { chatAction, type BoardCommand, type ChatAction } from './chat-actions.ts';
