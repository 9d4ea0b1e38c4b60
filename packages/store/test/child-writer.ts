/**
 * Child process for crash and multi-process tests. argv: <json StoreOptions> <mode>
 *  - mode "open":   opens (migrates) the store, creates a workspace, prints "ok", exits.
 *  - mode "append:<sourceId>": appends forever from 20 concurrent loops, printing each acked
 *    messageId on its own line (only after appendEvents resolved), until killed.
 */
import { randomBytes } from 'node:crypto';
import { openStore, type StoreOptions } from '../src/open-store.ts';

const [optionsJson, mode] = process.argv.slice(2);
const store = await openStore(JSON.parse(optionsJson!) as StoreOptions);

if (mode === 'open') {
  await store.workspaces.create({ slug: `p-${randomBytes(4).toString('hex')}`, name: 'Child' });
  process.stdout.write('ok\n');
  await store.close();
} else if (mode?.startsWith('append:')) {
  const sourceId = mode.slice('append:'.length);
  let n = 0;
  const loop = async (id: number) => {
    for (;;) {
      const batch = Array.from({ length: 5 }, () => {
        const messageId = `child-${id}-${n++}`;
        return { messageId, type: 'track', partitionKey: `u${n % 9}`, payload: { messageId, event: 'Crash Test' } };
      });
      const results = await store.appendEvents(sourceId, batch);
      process.stdout.write(`${results.map((r) => r.messageId).join('\n')}\n`);
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, i) => loop(i)));
}
