/**
 * Setup's custom models and fields as ir.model and ir.model.fields records: created when
 * missing, relabelled or reconfigured when they differ from schema.ts and own-model-fields.ts.
 * A field that exists with another type is an error for a person to resolve, never changed
 * here (Odoo would drop its data). Fields are created in dependency order: plain ones, then
 * one2many (their inverse must exist), then computed ones (their dependencies must).
 */
import type { Values } from '../rpc.js';
import { EXTRA_FIELDS } from './own-model-fields.js';
import { MODELS } from './schema.js';
import type { FieldSpec } from './spec.js';
import type { SetupReport, SetupRpc } from './xmlid-records.js';

/**
 * Models (each gets x_name by default), then their fields and those on Odoo's own models, then
 * the models' default order (Odoo validates it against fields that must exist). Returns model → ir.model id.
 */
export async function ensureModelsAndFields(rpc: SetupRpc, report: SetupReport): Promise<Map<string, number>> {
  const modelIds = await ensureModels(rpc, report);
  const allFields: (FieldSpec & { model: string })[] = [
    ...MODELS.flatMap((m) => m.fields.map((f) => ({ ...f, model: m.model as string }))),
    ...EXTRA_FIELDS,
  ];
  // A field on a model this Odoo does not have (stock.picking without Inventory) is left out.
  await ensureFields(
    rpc,
    allFields.filter((f) => modelIds.has(f.model)),
    modelIds,
    report,
  );
  await ensureModelOrder(rpc, report);
  return modelIds;
}

async function ensureModels(rpc: SetupRpc, report: SetupReport): Promise<Map<string, number>> {
  const names = MODELS.map((m) => m.model as string);
  const rows = await rpc.searchRead<{ id: number; model: string; name: string; order: string }>(
    'ir.model',
    [['model', 'in', names]],
    ['model', 'name', 'order'],
  );
  const ids = new Map(rows.map((r) => [r.model, r.id]));
  for (const m of MODELS) {
    const row = rows.find((r) => r.model === m.model);
    if (!row) continue;
    if (row.name !== m.label) {
      await rpc.write('ir.model', [row.id], { name: m.label });
      report.updated.push(`ir.model ${m.model} (name)`);
    } else {
      report.unchanged++;
    }
  }
  const missing = MODELS.filter((m) => !ids.has(m.model));
  if (missing.length) {
    // The default order is set after the fields it names exist (Odoo validates it).
    const created = await rpc.create(
      'ir.model',
      missing.map((m) => ({ name: m.label, model: m.model })),
    );
    missing.forEach((m, n) => {
      ids.set(m.model, created[n]!);
      report.created.push(`ir.model ${m.model}`);
    });
  }
  // Models we only add fields to (product.template) must be known too.
  const extra = [...new Set(EXTRA_FIELDS.map((f) => f.model))];
  for (const r of await rpc.searchRead<{ id: number; model: string }>('ir.model', [['model', 'in', extra]], ['model']))
    ids.set(r.model, r.id);
  return ids;
}

async function ensureModelOrder(rpc: SetupRpc, report: SetupReport): Promise<void> {
  const rows = await rpc.searchRead<{ id: number; model: string; order: string }>(
    'ir.model',
    [['model', 'in', MODELS.map((m) => m.model)]],
    ['model', 'order'],
  );
  for (const m of MODELS) {
    const row = rows.find((r) => r.model === m.model);
    const want = m.order ?? 'id';
    if (!row || row.order === want) continue;
    await rpc.write('ir.model', [row.id], { order: want });
    report.updated.push(`ir.model ${m.model} (order)`);
  }
}

interface FieldRow {
  id: number;
  model: string;
  name: string;
  ttype: string;
  field_description: string;
  relation: string | false;
  required: boolean;
  index: boolean;
  help: string | false;
  on_delete: string | false;
  selection_ids: number[];
  compute: string | false;
  depends: string | false;
  copied: boolean;
}

async function ensureFields(
  rpc: SetupRpc,
  fields: (FieldSpec & { model: string })[],
  modelIds: Map<string, number>,
  report: SetupReport,
): Promise<void> {
  const rows = await rpc.searchRead<FieldRow>(
    'ir.model.fields',
    [
      ['model', 'in', [...new Set(fields.map((f) => f.model))]],
      ['name', 'in', [...new Set(fields.map((f) => f.name))]],
    ],
    [
      'model',
      'name',
      'ttype',
      'field_description',
      'relation',
      'required',
      'index',
      'help',
      'on_delete',
      'selection_ids',
      'compute',
      'depends',
      'copied',
    ],
  );
  const byKey = new Map(rows.map((r) => [`${r.model}.${r.name}`, r]));
  const selectionIds = rows.flatMap((r) => r.selection_ids);
  const selections = selectionIds.length
    ? await rpc.callRecords<{ field_id: [number, string]; value: string; name: string }[]>(
        'ir.model.fields.selection',
        selectionIds,
        'read',
        { fields: ['field_id', 'value', 'name'] },
      )
    : [];

  for (const f of fields) {
    const row = byKey.get(`${f.model}.${f.name}`);
    if (!row) continue;
    if (row.ttype !== f.type) {
      throw new Error(
        `setup: field ${f.model}.${f.name} exists with type ${row.ttype}, expected ${f.type}; rename or remove it in Odoo (Settings → Technical → Fields)`,
      );
    }
    const diff: Values = {};
    if (row.field_description !== f.label) diff.field_description = f.label;
    if (!!row.required !== !!f.required) diff.required = !!f.required;
    if (!!row.index !== !!f.index) diff.index = !!f.index;
    if ((row.help || '') !== (f.help ?? '')) diff.help = f.help ?? false;
    if ((row.compute || '') !== (f.compute ?? '')) diff.compute = f.compute ?? false;
    if ((row.depends || '') !== (f.depends ?? '')) diff.depends = f.depends ?? false;
    if (f.copied !== undefined && !!row.copied !== f.copied) diff.copied = f.copied;
    if (f.selection) {
      const have = new Set(selections.filter((s) => s.field_id[0] === row.id).map((s) => s.value));
      const add = f.selection.filter(([v]) => !have.has(v));
      if (add.length)
        diff.selection_ids = add.map(([value, name]) => [
          0,
          0,
          { value, name, sequence: f.selection!.findIndex((s) => s[0] === value) },
        ]);
    }
    if (Object.keys(diff).length) {
      await rpc.write('ir.model.fields', [row.id], diff);
      report.updated.push(`ir.model.fields ${f.model}.${f.name} (${Object.keys(diff).join(', ')})`);
    } else {
      report.unchanged++;
    }
  }
  const missing = fields.filter((f) => !byKey.has(`${f.model}.${f.name}`));
  // Plain fields, then one2many (their inverse must exist), then computed ones (their dependencies must).
  const batches = [
    missing.filter((f) => f.type !== 'one2many' && !f.compute),
    missing.filter((f) => f.type === 'one2many' && !f.compute),
    missing.filter((f) => f.compute),
  ];
  for (const batch of batches) {
    if (!batch.length) continue;
    await rpc.create(
      'ir.model.fields',
      batch.map((f) => fieldValues(f, modelIds)),
    );
    for (const f of batch) report.created.push(`ir.model.fields ${f.model}.${f.name}`);
  }
}

function fieldValues(f: FieldSpec & { model: string }, modelIds: Map<string, number>): Values {
  const v: Values = {
    model_id: modelIds.get(f.model),
    model: f.model,
    name: f.name,
    field_description: f.label,
    ttype: f.type,
    required: !!f.required,
    index: !!f.index,
    help: f.help ?? false,
  };
  if (f.copied !== undefined) v.copied = f.copied;
  if (f.relation) v.relation = f.relation;
  if (f.relationField) v.relation_field = f.relationField;
  if (f.type === 'many2one') v.on_delete = f.onDelete ?? 'set null';
  if (f.type === 'monetary') v.currency_field = 'x_currency_id';
  if (f.selection) v.selection_ids = f.selection.map(([value, name], n) => [0, 0, { value, name, sequence: n }]);
  if (f.compute) Object.assign(v, { compute: f.compute, depends: f.depends ?? false, store: false, readonly: true });
  return v;
}
