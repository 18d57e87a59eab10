/**
 * The shape of what setup provisions: a custom model (fields, list/form/search layout, menu)
 * and a field, as data. schema.ts and own-model-fields.ts fill them in; apply-models.ts and
 * ui.ts turn them into ir.model, ir.model.fields, views and menus.
 */

export type FieldType =
  | 'char'
  | 'text'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'one2many'
  | 'binary'
  | 'html';

export interface FieldSpec {
  name: `x_${string}`;
  label: string;
  type: FieldType;
  /** comodel for relational fields */
  relation?: string;
  /** inverse many2one for one2many */
  relationField?: string;
  selection?: readonly (readonly [value: string, label: string])[];
  required?: boolean;
  index?: boolean;
  onDelete?: 'cascade' | 'set null' | 'restrict';
  help?: string;
  /** Python body for a computed, non-stored field (Odoo's manual computed fields) */
  compute?: string;
  depends?: string;
  /**
   * Whether Odoo's "Duplicate" copies the value (ir.model.fields `copied`); undefined leaves
   * Odoo's default (copied). bc-odoo's markers on Odoo's own records say which BigCommerce record
   * or shipment that record is: a copy is none of them, so they are not copied.
   */
  copied?: boolean;
}

export interface ModelSpec {
  model: `x_${string}`;
  /** the model's description: one record ("BigCommerce Store") */
  label: string;
  /** what its window action and menu are called: the records ("Stores") */
  title: string;
  /**
   * Written by bc-odoo only: the views offer no create, edit, duplicate or delete, and the
   * BigCommerce User group may only read it (access-rights.ts); buttons and toggles excepted.
   */
  readonlyUi?: boolean;
  /** short key used in external ids: view_<key>_list, action_<key>, … */
  key: string;
  /** fields beyond x_name (which every custom model gets) */
  fields: readonly FieldSpec[];
  order?: string;
  list: readonly string[];
  /** form layout: groups of fields, then one2many tables */
  form: {
    readonly groups: readonly (readonly string[])[];
    readonly tables?: readonly { field: string; columns: readonly string[]; readonly?: boolean }[];
  };
  search: {
    readonly fields: readonly string[];
    readonly filters?: readonly { name: string; label: string; domain: string }[];
    readonly groupBy?: readonly string[];
  };
  /** a menu entry under BigCommerce, named by `title` */
  menu?: { sequence: number };
}
