import { createInterface, type Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { findUser } from '../db/queries/users';
import { seedDemo } from '../db/seed/index';
import { createRuntime } from '../runtime';
import type { Actor } from '../tools/define';
import { createCopilot } from './copilot';
import type { ConfirmationRequiredEvent } from './events';
import { describeModel } from './model';

/**
 * `npm run chat -- --as demo-client`: a terminal chat with a role's copilot. Streams the answer, shows
 * tool activity, and for a held action asks "Confirm? [y/N]"; the answer goes straight to the dispatcher
 * (never through the model) and its outcome is appended to the thread.
 */
const { values } = parseArgs({
  options: {
    as: { type: 'string', default: 'demo-client' },
    thread: { type: 'string' },
    new: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    [
      'Usage: npm run chat -- [--as <user id or handle>] [--thread <id>] [--new]',
      '  --as      who you are: demo-client (default), demo-freelancer, demo-admin, or any user id/handle',
      '  --thread  continue this conversation (default: your terminal thread, kept across runs)',
      '  --new     start a new conversation',
      'In the chat: /new starts a new conversation, /exit (or Ctrl-D) quits.',
    ].join('\n'),
  );
  process.exit(0);
}

const tty = process.stdout.isTTY === true;
const style = (code: number) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const dim = style(2);
const bold = style(1);
const red = style(31);
const green = style(32);
const yellow = style(33);

/** Lines from stdin, asked for one at a time; works the same for a terminal and for piped input. */
function lineReader(rl: Interface) {
  const buffered: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else buffered.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(null);
  });
  return (prompt: string): Promise<string | null> => {
    process.stdout.write(prompt);
    const line = buffered.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (closed) return Promise.resolve(null);
    return new Promise((resolve) => waiting.push(resolve));
  };
}

function brief(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  if (typeof d.id !== 'string' && d.project && typeof d.project === 'object') return brief(d.project);
  const label = d.title ?? d.name ?? d.displayName ?? d.headline;
  const parts = [typeof d.id === 'string' ? d.id : '', typeof label === 'string' ? `“${label}”` : ''];
  const list = Array.isArray(d.results) ? d.results : Array.isArray(d.items) ? d.items : undefined;
  if (list) parts.push(typeof d.total === 'number' ? `${list.length} of ${d.total}` : `${list.length} found`);
  return parts.filter(Boolean).join(' ');
}

async function main() {
  const config = loadConfig();
  const rt = await createRuntime(config);
  try {
    await seedDemo(rt.db, { log: (msg) => console.error(dim(msg)) });
    const user = await findUser(rt.db.reader, values.as);
    if (!user) {
      console.error(`No user "${values.as}". Try demo-client, demo-freelancer or demo-admin.`);
      process.exitCode = 1;
      return;
    }
    if (user.status !== 'active') {
      console.error(`${user.display_name}'s account is ${user.status}.`);
      process.exitCode = 1;
      return;
    }
    const actor: Actor = { id: user.id, role: user.role, displayName: user.display_name };
    const copilot = createCopilot(rt);
    let threadId = values.thread ?? (values.new ? `terminal-${Date.now()}` : 'terminal');
    const channel = 'cli';

    console.log(bold('MegiLance Copilot'));
    console.log(
      dim(
        `signed in as ${actor.displayName} (${actor.role}) · ${describeModel(config)} · thread ${threadId}`,
      ),
    );
    console.log(dim('/new starts a new conversation · /exit quits'));

    const rl = createInterface({ input: process.stdin, terminal: false });
    const ask = lineReader(rl);
    let turn: AbortController | undefined;
    process.on('SIGINT', () => {
      if (turn && !turn.signal.aborted) turn.abort();
      else rl.close();
    });

    for (;;) {
      const line = await ask(`\n${bold('you>')} `);
      if (line === null) break;
      const text = line.trim();
      if (!text) continue;
      if (text === '/exit' || text === '/quit') break;
      if (text === '/new') {
        threadId = `terminal-${Date.now()}`;
        console.log(dim(`new conversation: thread ${threadId}`));
        continue;
      }

      const held: ConfirmationRequiredEvent[] = [];
      turn = new AbortController();
      process.stdout.write(`${bold('copilot>')} `);
      let midLine = false;
      const note = (s: string) => {
        process.stdout.write(`${midLine ? '\n' : ''}${s}\n`);
        midLine = false;
      };
      for await (const e of copilot.runTurn({ actor, channel, threadId, text, signal: turn.signal })) {
        switch (e.type) {
          case 'text':
            process.stdout.write(e.delta);
            midLine = !e.delta.endsWith('\n');
            break;
          case 'tool_start':
            note(dim(`  → ${e.tool} ${JSON.stringify(e.input).slice(0, 160)}`));
            break;
          case 'tool_result':
            note(
              e.ok
                ? dim(`  ${green('✓')} ${e.tool} ${brief(e.data)}`)
                : dim(`  ${red('✗')} ${e.tool}: ${e.error.code} ${e.error.message}`),
            );
            break;
          case 'confirmation_required':
            held.push(e);
            note(`  ${yellow('⏸')} ${e.summary} ${dim(`(waiting for your confirmation, ${e.actionId})`)}`);
            break;
          case 'error':
            note(red(`  ! ${e.error.code}: ${e.error.message}`));
            break;
          case 'done':
            if (midLine) process.stdout.write('\n');
            break;
        }
      }
      turn = undefined;

      // Confirmation is a person's answer here, sent straight to the dispatcher.
      for (const action of held) {
        const answer = await ask(`${yellow('?')} ${action.summary}\n  Confirm? [y/N] `);
        const yes = /^y(es)?$/i.test(answer?.trim() ?? '');
        const req = { actor, channel, threadId, actionId: action.actionId };
        const result = yes ? await copilot.confirmFromChannel(req) : await copilot.cancelFromChannel(req);
        if (result.ok)
          console.log(yes ? green(`  ✓ done: ${brief(result.data) || action.tool}`) : dim('  cancelled'));
        else console.log(red(`  ✗ ${result.error.code}: ${result.error.message}`));
        if (answer === null) break;
      }
    }
    rl.close();
  } finally {
    await rt.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
