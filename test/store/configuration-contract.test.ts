/**
 * The store contract of the configuration APIs, on both databases: deleting reason codes and wrap-up
 * reasons, the id sequences of configuration items, and the audit log.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { AuditRecord, StoreWrite } from '../../src/application/ports/store.js';
import { WriteRefused } from '../../src/application/ports/store.js';
import type { ReasonCode, WrapUpReason } from '../../src/domain/model.js';
import type { TeamMessage } from '../../src/domain/team-message.js';
import { openStore } from '../../src/store/open.js';
import type { StoreSpec } from '../../src/store/spec.js';
import type { KyselyStore } from '../../src/store/store.js';
import { STORE_DRIVERS } from './support/drivers.js';

const code = (id: string, label = `Code ${id}`): ReasonCode => ({
  id,
  category: 'NOT_READY',
  code: Number.parseInt(id, 10) || 1,
  label,
  forAll: true,
  systemCode: false,
  teamIds: [],
});
const wrapUp = (id: string, label = `Reason ${id}`): WrapUpReason => ({ id, label, forAll: false, teamIds: ['1'] });
const audit = (at: number, actor: string, resource: string, resourceId: string): StoreWrite => ({
  kind: 'audit',
  record: { at, actor, resource, resourceId, action: 'update', before: '{"label":"a"}', after: null },
});

for (const driver of STORE_DRIVERS) {
  describe(`store contract of the configuration on ${driver.name}`, () => {
    const opened: KyselyStore[] = [];
    after(async () => {
      for (const s of opened) await s.close();
    });
    async function open(spec?: StoreSpec): Promise<{ store: KyselyStore; spec: StoreSpec }> {
      const where = spec ?? (await driver.newSpec());
      const store = await openStore(where);
      opened.push(store);
      return { store, spec: where };
    }

    test('reason codes and wrap-up reasons are deleted; within one batch the last write of an id decides', async () => {
      const { store } = await open();
      await store.commit([
        { kind: 'reasonCode', reasonCode: code('1') },
        { kind: 'reasonCode', reasonCode: code('2') },
        { kind: 'wrapUpReason', reason: wrapUp('1') },
      ]);
      await store.commit([
        { kind: 'reasonCodeDeleted', id: '1' },
        { kind: 'reasonCode', reasonCode: code('3') },
        { kind: 'reasonCodeDeleted', id: '3' },
        { kind: 'reasonCodeDeleted', id: '2' },
        { kind: 'reasonCode', reasonCode: code('2', 'Back') },
        { kind: 'wrapUpReasonDeleted', id: '1' },
        { kind: 'reasonCodeDeleted', id: 'never there' },
      ]);
      assert.deepEqual(
        (await store.loadReasonCodes()).map((r) => [r.id, r.label]),
        [['2', 'Back']],
      );
      assert.deepEqual(await store.loadWrapUpReasons(), []);
    });

    test('reason codes: a code value once per category, a label once among its global codes; a refused batch writes nothing', async () => {
      const { store } = await open();
      await store.commit([{ kind: 'reasonCode', reasonCode: code('1', 'Lunch') }]);
      const refused = (writes: StoreWrite[]) => assert.rejects(store.commit(writes), (e: unknown) => e instanceof WriteRefused && e.reason === 'constraint');
      await refused([{ kind: 'reasonCode', reasonCode: { ...code('2'), code: 1 } }]);
      await refused([{ kind: 'reasonCode', reasonCode: code('3', 'Lunch') }]);
      await refused([
        { kind: 'wrapUpReason', reason: wrapUp('1') },
        { kind: 'reasonCode', reasonCode: { ...code('5'), code: 1 } },
      ]);
      assert.deepEqual(await store.loadWrapUpReasons(), []);
      // The other category; team codes sharing a label (a global and a team code sharing one only the API
      // refuses: no index can say it); a value and a label passed on from a code deleted first.
      await store.commit([
        { kind: 'reasonCode', reasonCode: { ...code('6', 'Lunch'), category: 'LOGOUT', code: 1 } },
        { kind: 'reasonCode', reasonCode: { ...code('7', 'Team'), forAll: false, teamIds: ['1'] } },
        { kind: 'reasonCode', reasonCode: { ...code('8', 'Team'), forAll: false, teamIds: ['2'] } },
      ]);
      await store.commit([
        { kind: 'reasonCodeDeleted', id: '1' },
        { kind: 'reasonCode', reasonCode: { ...code('9', 'Lunch'), code: 1 } },
      ]);
      assert.deepEqual((await store.loadReasonCodes()).map((r) => `${r.id} ${r.category} ${r.code} ${r.label}`).sort(), [
        '6 LOGOUT 1 Lunch',
        '7 NOT_READY 7 Team',
        '8 NOT_READY 8 Team',
        '9 NOT_READY 1 Lunch',
      ]);
    });

    test('configuration ids: past the highest numeric id, never handed out twice (not after a delete), unique across two stores', async () => {
      const { store, spec } = await open();
      await store.commit([
        { kind: 'reasonCode', reasonCode: code('7') },
        { kind: 'reasonCode', reasonCode: code('custom-id') },
      ]);
      assert.equal(await store.reserveIds('reasonCode', 1), 8);
      assert.equal(await store.reserveIds('wrapUpReason', 1), 1);
      await store.commit([{ kind: 'reasonCode', reasonCode: code('8') }]);
      // Deleting the highest does not make its id free again; count 0 only starts the sequence.
      await store.commit([{ kind: 'reasonCodeDeleted', id: '8' }]);
      assert.equal(await store.reserveIds('reasonCode', 1), 9);
      assert.equal(await store.reserveIds('wrapUpReason', 0), 2);
      // Rows written with explicit ids (a provisioning file) push the sequence past them.
      await store.commit([{ kind: 'wrapUpReason', reason: wrapUp('40') }]);
      assert.equal(await store.reserveIds('wrapUpReason', 1), 41);
      const { store: other } = await open(spec);
      const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? store : other).reserveIds('reasonCode', 1)));
      assert.deepEqual(
        [...ids].sort((a, b) => a - b),
        Array.from({ length: 30 }, (_, i) => 10 + i),
      );
      // The call sequence is its own.
      assert.equal(await store.reserveIds('call', 1), 10_000_001);
    });

    test('audit log: every field kept; newest first; filtered by time, actor and resource; paged by id', async () => {
      const { store } = await open();
      await store.commit([audit(100, 'admin', 'ReasonCode', '1'), audit(200, 'boss', 'WrapUpReason', '2')]);
      await store.commit([audit(300, 'admin', 'Team/ReasonCodes', '1'), { kind: 'reasonCode', reasonCode: code('1') }, audit(400, 'admin', 'ReasonCode', '1')]);
      const all = await store.loadAudit({ limit: 10 });
      assert.deepEqual(
        all.map((e) => e.at),
        [400, 300, 200, 100],
      );
      assert.ok(all[0]!.id > all[1]!.id && all[1]!.id > all[2]!.id && all[2]!.id > all[3]!.id);
      const { id: _id, ...first } = all[3]!;
      const expected: AuditRecord = {
        at: 100,
        actor: 'admin',
        resource: 'ReasonCode',
        resourceId: '1',
        action: 'update',
        before: '{"label":"a"}',
        after: null,
      };
      assert.deepEqual(first, expected);
      const ats = async (query: Parameters<KyselyStore['loadAudit']>[0]) => (await store.loadAudit(query)).map((e) => e.at);
      assert.deepEqual(await ats({ limit: 10, since: 200, until: 300 }), [300, 200]);
      assert.deepEqual(await ats({ limit: 10, actor: 'admin' }), [400, 300, 100]);
      assert.deepEqual(await ats({ limit: 10, resource: 'ReasonCode' }), [400, 100]);
      assert.deepEqual(await ats({ limit: 10, actor: 'admin', resource: 'ReasonCode', until: 399 }), [100]);
      assert.deepEqual(await ats({ limit: 2 }), [400, 300]);
      assert.deepEqual(await ats({ limit: 2, beforeId: all[1]!.id }), [200, 100]);
      assert.deepEqual(await ats({ limit: 2, beforeId: all[3]!.id }), []);
    });
  });
}

for (const driver of STORE_DRIVERS) {
  describe(`store contract of team messages on ${driver.name}`, () => {
    test('team messages: written, read back oldest first with every field, replaced by id, deleted', async () => {
      const store = await openStore(await driver.newSpec());
      try {
        const message = (id: string, createdAt: number): TeamMessage => ({
          id,
          createdBy: 'supervisorA',
          createdAt,
          durationSeconds: 100,
          content: `Message ${id} <&>`,
          teamIds: ['1', '2'],
        });
        await store.commit([
          { kind: 'teamMessage', message: message('b', 2_000_000_000_000) },
          { kind: 'teamMessage', message: message('a', 1_000) },
        ]);
        assert.deepEqual(await store.loadTeamMessages(), [message('a', 1_000), message('b', 2_000_000_000_000)]);
        await store.commit([
          { kind: 'teamMessageDeleted', id: 'a' },
          { kind: 'teamMessage', message: { ...message('b', 2_000_000_000_000), content: 'changed' } },
          { kind: 'teamMessageDeleted', id: 'never there' },
        ]);
        assert.deepEqual(
          (await store.loadTeamMessages()).map((m) => [m.id, m.content]),
          [['b', 'changed']],
        );
      } finally {
        await store.close();
      }
    });
  });
}
