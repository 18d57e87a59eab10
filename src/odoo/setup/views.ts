/** Builds the arch XML of the list, form and search views of a custom model from its spec. */
import type { ModelSpec } from './spec.js';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Attributes that take create, edit, duplicate and delete out of a read-only model's views. */
function readonlyAttrs(m: ModelSpec): string {
  return m.readonlyUi ? ' create="false" edit="false" delete="false" duplicate="false" import="false"' : '';
}

export function buildListArch(m: ModelSpec, listTag: 'list' | 'tree'): string {
  return `<${listTag} string="${esc(m.title)}"${readonlyAttrs(m)}>${m.list.map((f) => `<field name="${f}"/>`).join('')}</${listTag}>`;
}

export function buildFormArch(m: ModelSpec, listTag: 'list' | 'tree'): string {
  const groups = m.form.groups
    .map(
      (g) =>
        `<group>${g
          .filter((f) => f !== 'x_name')
          .map((f) => `<field name="${f}"/>`)
          .join('')}</group>`,
    )
    .join('');
  const tables = (m.form.tables ?? [])
    .map(
      (t) =>
        `<field name="${t.field}"${t.readonly ? ' readonly="1"' : ''}><${listTag}${t.readonly ? ' create="false" delete="false"' : ''}>${t.columns.map((c) => `<field name="${c}"/>`).join('')}</${listTag}></field>`,
    )
    .join('');
  return `<form string="${esc(m.label)}"${readonlyAttrs(m)}><sheet><div class="oe_title"><h1><field name="x_name"/></h1></div><group>${groups}</group>${tables}</sheet></form>`;
}

export function buildSearchArch(m: ModelSpec): string {
  const fields = m.search.fields.map((f) => `<field name="${f}"/>`).join('');
  const filters = (m.search.filters ?? [])
    .map((f) => `<filter name="${f.name}" string="${esc(f.label)}" domain="${esc(f.domain)}"/>`)
    .join('');
  const groupBy = (m.search.groupBy ?? [])
    .map((f) => `<filter name="group_${f}" string="${esc(labelOf(m, f))}" context="{'group_by': '${f}'}"/>`)
    .join('');
  return `<search>${fields}${filters}${groupBy ? `<group>${groupBy}</group>` : ''}</search>`;
}

function labelOf(m: ModelSpec, field: string): string {
  return m.fields.find((f) => f.name === field)?.label ?? field;
}
