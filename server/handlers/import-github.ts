import { can, importCounts } from '../../shared/domain/index.ts';
import { LIMITS, type Ack, type CommandPayloads, type GithubImport, type ImportCounts, type Refusal } from '../../shared/protocol.ts';
import { parseGithubImport } from '../../shared/schemas.ts';
import type { BugdaySocket, ServerContext } from '../context.ts';
import { readIssues, type IssuePage } from '../import/github.ts';
import { receive, refusal } from './inbound.ts';

type Sync = CommandPayloads['issue:sync'];

/** The servers with an import under way: GitHub's limit is shared by everything one server asks without a token. */
const running = new WeakSet<ServerContext>();

/**
 * import:github — an organizer has the server read a repository's issues and
 * bring the board in line with them, a page at a time, through issue:sync like
 * any command, so the board is stored and broadcast as usual. The token is
 * used for GitHub's requests and then forgotten with the request.
 */
export function importGithub(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  const call = receive<GithubImport, ImportCounts>(ctx, socket, 'import:github', args, parseGithubImport);
  if (!call) return;
  const personId = socket.data.personId;
  const role = personId === null ? null : (ctx.board.state.people[personId]?.role ?? null);
  if (personId === null || !can(role, 'issue:sync')) return call.reply(refusal('forbidden', 'Only organizers can import issues.'));
  if (running.has(ctx)) return call.reply(refusal('conflict', 'An import is already running; wait for it to finish.'));
  running.add(ctx);
  // Nobody is left to hear how it went: stop asking GitHub, and let a closing server close.
  const stop = new AbortController();
  const onGone = () => stop.abort();
  socket.once('disconnect', onGone);
  const { token: _token, ...told } = call.value;
  runImport(ctx, socket, personId, call.value, stop.signal)
    .then(
      (answer) => {
        ctx.log.info({ ...told, by: personId, ...(answer.ok ? { imported: answer.data } : { refused: answer.error.code }) }, 'github import done');
        call.reply(answer);
      },
      (error: unknown) => {
        ctx.log.error({ err: error, repo: told.repo }, 'a github import failed unexpectedly');
        call.reply(refusal('internal_error', 'The import failed in bugday itself; what it had brought in stays on the board.'));
      },
    )
    .finally(() => {
      running.delete(ctx);
      socket.off('disconnect', onGone);
    });
}

async function runImport(ctx: ServerContext, socket: BugdaySocket, personId: string, request: GithubImport, signal: AbortSignal): Promise<Ack<ImportCounts>> {
  const counts: ImportCounts = { added: 0, updated: 0, closed: 0, unchanged: 0, skipped: 0 };
  let done = 0;
  socket.emit('import:progress', { done });
  const stopped = await readIssues({ ...request, apiUrl: ctx.githubApiUrl, signal }, async (page) => {
    const total = page.total === undefined ? {} : { total: page.total };
    for (const batch of batches(page)) {
      const answer = await sync(ctx, personId, batch);
      if (!answer.ok) return answer.error;
      for (const key of Object.keys(counts) as (keyof ImportCounts)[]) counts[key] += answer.data[key];
      done += batch.issues.length + (batch.closed?.length ?? 0);
      socket.emit('import:progress', { done, ...total });
    }
    // A page of pull requests only still moves the bar: its total shrank.
    if (page.open.length + page.closed.length === 0) socket.emit('import:progress', { done, ...total });
    return undefined;
  });
  if (!stopped) return { ok: true, data: counts };
  return { ok: false, error: done > 0 ? partly(stopped, counts) : stopped };
}

/** A stop after some pages says what is on the board already; another run picks up the rest. */
function partly(stopped: Refusal, { added, updated, closed }: ImportCounts): Refusal {
  const did = `${added} added, ${updated} updated, ${closed} closed upstream`;
  return { ...stopped, message: `${stopped.message} Before that: ${did}. Importing again is safe: nothing is duplicated.` };
}

/** A page's issues in syncs the domain takes: drafts a batch at a time, then the numbers closed upstream. */
function* batches({ open, closed }: IssuePage): Generator<Sync> {
  for (let at = 0; at < open.length; at += LIMITS.importBatch) yield { issues: open.slice(at, at + LIMITS.importBatch) };
  for (let at = 0; at < closed.length; at += LIMITS.closedBatch) yield { issues: [], closed: closed.slice(at, at + LIMITS.closedBatch) };
}

function sync(ctx: ServerContext, personId: string, payload: Sync): Promise<Ack<ImportCounts>> {
  return new Promise((resolve) =>
    ctx.board.execute(personId, { name: 'issue:sync', payload }, ({ events, ...answer }) =>
      resolve(answer.ok ? { ok: true, data: importCounts(payload.issues, events ?? []) } : answer),
    ),
  );
}
