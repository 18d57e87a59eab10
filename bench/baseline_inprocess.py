# The floor for writing a store into Odoo: the same values bc-odoo writes (bench/dataset.ts
# makes them with bc-odoo's own mappers), written inside Odoo's process by the cheapest ORM
# path to the same records — batched `create([...])` of a page (250 records, like bc-odoo's
# pages), one commit per page, no RPC, no external ids, no fingerprints, no operation log, and
# no chatter (no messages, tracking values or followers: the mail context keys below). Orders
# go through the same workflow steps bc-odoo takes (cancel; confirm and restore the date;
# invoice with the invoicing wizard, one call for the page; post with the BigCommerce date;
# register payment with the payment wizard, one per journal, currency and day), so "orders"
# here is the same work, and "orders_create" is the create alone.
#
# Cheapest, and why (bench/README.md, "The in-process baseline as a floor"): a variant is
# written only the values that differ from what Odoo made it (never `active`, whose write
# clears Odoo's registry caches each time); price extras are one write per value for the page;
# writes that share their values are one write for the recordset; a flush (not a commit)
# separates the timed parts of a page.
#
# Run by bench/run.ts as
#   BENCH_DATA=dataset.jsonl BENCH_OUT=result.json \
#   /usr/bin/python3 /opt/odoo/18.0/odoo-bin shell -d <db> --db_host ... --no-http < bench/baseline_inprocess.py
# and written as the admin user (uid of base.user_admin), as bc-odoo logs in, so access
# checks are the same on both sides.
import json
import os
import time
from collections import defaultdict

DATA = os.environ['BENCH_DATA']
OUT = os.environ['BENCH_OUT']
BATCH = int(os.environ.get('BENCH_BATCH', '250'))
REF = 1_000_000_000
RANK = {'skip': 0, 'quotation': 0, 'confirm': 1, 'confirm+invoice': 2, 'confirm+invoice+paid': 3, 'cancel': -1}
CLK_TCK = os.sysconf('SC_CLK_TCK')
VARIANT_FIELDS = ('default_code', 'barcode', 'weight', 'standard_price')

# No chatter: Odoo's documented switches for imports. tracking_disable skips mail.thread's work at
# create and write (the "created" message, tracking values, subscribing the author);
# mail_create_nolog and mail_notrack say the same for code that checks only those.
QUIET = {'tracking_disable': True, 'mail_create_nolog': True, 'mail_notrack': True, 'mail_create_nosubscribe': True}
env = env(user=env.ref('base.user_admin').id, context=dict(env.context, **QUIET))  # noqa: F821 (env comes from odoo-bin shell)
cr = env.cr
cr.execute('SELECT pg_backend_pid()')
BACKEND = cr.fetchone()[0]


def proc_cpu_ms(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            s = f.read()
        parts = s[s.rindex(')') + 2:].split(' ')
        return (int(parts[11]) + int(parts[12])) * 1000.0 / CLK_TCK
    except OSError:
        return 0.0


class Meter:
    """Wall, Odoo-process CPU and PostgreSQL-backend CPU of a phase (summed over its parts)."""

    def __init__(self):
        self.wall = self.cpu = self.pg = 0.0
        self.records = 0
        self._t = None

    def __enter__(self):
        self._t = (time.perf_counter(), time.process_time(), proc_cpu_ms(BACKEND))
        return self

    def __exit__(self, *exc):
        t, c, p = self._t
        self.wall += (time.perf_counter() - t) * 1000
        self.cpu += (time.process_time() - c) * 1000
        self.pg += proc_cpu_ms(BACKEND) - p
        return False

    def as_dict(self):
        return {'records': self.records, 'wall_ms': round(self.wall, 1), 'cpu_ms': round(self.cpu, 1), 'pg_cpu_ms': round(self.pg, 1)}


def chunks(xs, n):
    for i in range(0, len(xs), n):
        yield xs[i:i + n]


def variant_changes(pp, wanted):
    """The mapped values that differ from what the variant holds (floats at the field's scale),
    as bc-odoo's variantChanges: Odoo made the variant, most values are its defaults already."""
    out = {}
    for f in VARIANT_FIELDS:
        if f not in wanted:
            continue
        want, have = wanted[f], pp[f]
        field = pp._fields[f]
        if field.type == 'float':
            digits = field.get_digits(pp.env)
            half = 0.5 * 10 ** -digits[1] if digits else 0
            if abs((want or 0) - (have or 0)) <= half + 1e-9:
                continue
        elif (want or False) == (have or False):
            continue
        out[f] = want
    return out


# ---- input -------------------------------------------------------------------------------
setup = None
categories, products, customers, orders = [], [], [], []
with open(DATA) as f:
    for ln in f:
        rec = json.loads(ln)
        k = rec['kind']
        if k == 'setup':
            setup = rec
        elif k == 'category':
            categories.append(rec)
        elif k == 'product':
            products.append(rec)
        elif k == 'customer':
            customers.append(rec)
        elif k == 'order':
            orders.append(rec)

types = setup['types']
tax_field = setup['saleLineTaxField']
phases = {}

# ---- untimed preparation: what exists once per database on bc-odoo's side too -------------
services = {}
for key, name, code in [('shipping', 'BigCommerce shipping', 'BC-SHIPPING'), ('handling', 'BigCommerce handling', 'BC-HANDLING'),
                        ('wrapping', 'BigCommerce gift wrapping', 'BC-WRAPPING'), ('fee', 'BigCommerce fee', 'BC-FEE'),
                        ('discount', 'BigCommerce discount', 'BC-DISCOUNT'), ('adjustment', 'BigCommerce total adjustment', 'BC-ADJUSTMENT'),
                        ('placeholder', 'BigCommerce deleted product', 'BC-DELETED')]:
    t = types['consumable'] if key == 'placeholder' else types['service']
    services[key] = env['product.product'].create(dict(t, name=name, default_code=code, sale_ok=True, purchase_ok=False,
                                                       invoice_policy='order', list_price=0, taxes_id=[(6, 0, [])])).id
journal = env['account.journal'].search([('type', '=', 'bank')], order='sequence, id', limit=1)
pricelist_by_currency = {}
for pl in env['product.pricelist'].search([], order='sequence, id'):
    pricelist_by_currency.setdefault(pl.currency_id.name, pl.id)
cr.commit()

# ---- categories: internal and website trees, parents first --------------------------------
m = Meter()
with m:
    by_id = {c['id']: c for c in categories}

    def depth(c, seen=()):
        p = by_id.get(c['parent_id'])
        return 0 if not c['parent_id'] or not p or c['id'] in seen else 1 + depth(p, seen + (c['id'],))

    levels = defaultdict(list)
    for c in categories:
        levels[depth(c)].append(c)
    root = env['product.category'].create({'name': 'BigCommerce / %s' % setup['store'], 'parent_id': setup['rootCategoryId']})
    cat, pub = {}, {}
    for d in sorted(levels):
        level = sorted(levels[d], key=lambda c: (c['sort_order'], c['id']))
        made = env['product.category'].create([{'name': c['name'], 'parent_id': cat.get(c['parent_id'], root.id)} for c in level])
        made_pub = env['product.public.category'].create([{'name': c['name'], 'parent_id': pub.get(c['parent_id'], False), 'sequence': c['sort_order']} for c in level])
        for c, a, b in zip(level, made, made_pub):
            cat[c['id']], pub[c['id']] = a.id, b.id
    cr.commit()
    m.records = len(categories)
phases['categories'] = m.as_dict()

# ---- products: templates with their attribute lines (Odoo makes the variant grid), then the
# variants' own values, archived combinations BigCommerce does not have, price extras or
# fixed prices, gallery images ------------------------------------------------------------
m = Meter()
m_tmpl, m_var, m_rest = Meter(), Meter(), Meter()
variant_of = {}
with m:
    axes = {}
    for p in products:
        for a in p['axes']:
            vals = axes.setdefault(a['name'], [])
            for v in a['values']:
                if v not in vals:
                    vals.append(v)
    attr, value = {}, {}
    if axes:
        made = env['product.attribute'].create([{'name': n, 'create_variant': 'always', 'display_type': 'radio'} for n in axes])
        for n, a in zip(axes, made):
            attr[n] = a.id
        vals = [(n, v) for n in axes for v in axes[n]]
        made = env['product.attribute.value'].create([{'attribute_id': attr[n], 'name': v} for n, v in vals])
        for (n, v), rec in zip(vals, made):
            value[(n, v)] = rec.id
    store_pricelist = None
    stock_location = env['stock.warehouse'].search([('company_id', '=', env.company.id)], limit=1).lot_stock_id.id
    for page in chunks(products, BATCH):
        vals_list = []
        for p in page:
            v = dict(p['values'])
            v.update(types[p['type']])
            if v.get('categ_id', 0) >= REF:
                v['categ_id'] = cat.get(v['categ_id'] - REF, root.id)
            if 'public_categ_ids' in v:
                v['public_categ_ids'] = [(6, 0, [pub[i - REF] for i in v['public_categ_ids'][0][2] if i - REF in pub])]
            if p['image']:
                v['image_1920'] = p['image']
            v['attribute_line_ids'] = [(0, 0, {'attribute_id': attr[a['name']], 'value_ids': [(6, 0, [value[(a['name'], x)] for x in a['values']])]})
                                       for a in p['axes']]
            vals_list.append(v)
        with m_tmpl:
            templates = env['product.template'].create(vals_list)
            env.flush_all()
        m_var.__enter__()
        archive = env['product.product']
        fixed_items = []
        by_extra = defaultdict(lambda: env['product.template.attribute.value'])
        for p, tmpl in zip(page, templates):
            by_combo = {}
            for pp in tmpl.with_context(active_test=False).product_variant_ids:
                by_combo[frozenset((x.attribute_id.name, x.name) for x in pp.product_template_attribute_value_ids)] = pp
            matched = set()
            for bv in p['variants']:
                pp = by_combo.get(frozenset(tuple(c) for c in bv['combo']))
                if pp is None:
                    continue
                matched.add(pp.id)
                vv = variant_changes(pp, bv['values'])
                if bv['image']:
                    vv['image_variant_1920'] = bv['image']
                if vv:
                    pp.write(vv)
                variant_of[bv['id']] = pp.id
                if p['fixed']:
                    price = dict((vid, pr) for vid, pr in p['fixed']).get(bv['id'])
                    if price is not None:
                        fixed_items.append({'applied_on': '0_product_variant', 'product_tmpl_id': tmpl.id, 'product_id': pp.id,
                                            'compute_price': 'fixed', 'fixed_price': price, 'min_quantity': 0})
            archive |= tmpl.product_variant_ids.filtered(lambda pp: pp.id not in matched)
            if p['extras']:
                want = {(a, v): x for a, v, x in p['extras']}
                for ptav in tmpl.attribute_line_ids.product_template_value_ids:
                    x = want.get((ptav.attribute_id.name, ptav.name))
                    if x:
                        by_extra[x] |= ptav
        # one write per price extra for the whole page
        for x, ptavs in by_extra.items():
            ptavs.write({'price_extra': x})
        env.flush_all()
        m_var.__exit__(None, None, None)
        m_rest.__enter__()
        if archive:
            archive.write({'active': False})
        if fixed_items:
            if store_pricelist is None:
                store_pricelist = env['product.pricelist'].create({'name': 'BigCommerce %s (USD)' % setup['store'],
                                                                   'currency_id': env.ref('base.USD').id}).id
            env['product.pricelist.item'].create([dict(i, pricelist_id=store_pricelist) for i in fixed_items])
        # Stock of tracked products, as bc-odoo's product import sets it: counted quantities in
        # the main warehouse's stock location, applied as one inventory adjustment per page.
        counted = [{'product_id': variant_of[bv['id']], 'location_id': stock_location, 'inventory_quantity': bv['stock']}
                   for p in page for bv in p['variants'] if bv.get('stock') and bv['id'] in variant_of]
        if counted:
            quants = env['stock.quant'].with_context(inventory_mode=True).create(counted)
            quants.with_context(inventory_mode=True).action_apply_inventory()
        gallery = [{'product_tmpl_id': tmpl.id, 'name': g['name'], 'sequence': g['sequence'], 'image_1920': g['image']}
                   for p, tmpl in zip(page, templates) for g in p['gallery'] if g['image']]
        if gallery:
            env['product.image'].create(gallery)
        cr.commit()
        m_rest.__exit__(None, None, None)
    m.records = m_tmpl.records = m_var.records = m_rest.records = len(products)
phases['products'] = dict(m.as_dict(), templates=m_tmpl.as_dict(), variants=m_var.as_dict(), rest=m_rest.as_dict())
if store_pricelist:
    pricelist_by_currency['USD'] = store_pricelist

# ---- customers: partners, then their addresses as delivery contacts ----------------------
m = Meter()
partner_of = {}
with m:
    for page in chunks(customers, BATCH):
        partners = env['res.partner'].create([dict(c['values'], category_id=[(6, 0, c['values']['category_id'])]) for c in page])
        addresses = []
        for c, partner in zip(page, partners):
            partner_of['c%d' % c['id']] = partner.id
            addresses += [dict(a, parent_id=partner.id) for a in c['addresses']]
        if addresses:
            env['res.partner'].create(addresses)
        cr.commit()
    m.records = len(customers)
phases['customers'] = m.as_dict()

# ---- orders: partners on the fly (guests, shared address contacts), taxes, the order with its
# lines, then the workflow its BigCommerce status asks for --------------------------------
m = Meter()
m_create = Meter()
m_flow = Meter()
with m:
    taxes = {}
    rates = sorted({l['tax'] for o in orders for l in o['lines'] if l['tax']})
    made = env['account.tax'].create([{'name': 'BigCommerce %s%%' % r, 'amount': r, 'amount_type': 'percent', 'type_tax_use': 'sale',
                                       'description': '%s%%' % r} for r in rates])
    taxes = dict(zip(rates, made.ids))
    address_of = {}
    for page in chunks(orders, BATCH):
        with m_create:
            guests = {}
            for o in page:
                if o['guest'] and o['guest']['key'] not in partner_of and o['guest']['key'] not in guests:
                    guests[o['guest']['key']] = o['guest']['values']
            if guests:
                for k, p in zip(guests, env['res.partner'].create(list(guests.values()))):
                    partner_of[k] = p.id

            def owner(o):
                return 'c%d' % o['customer'] if o['customer'] > 0 and 'c%d' % o['customer'] in partner_of else o['guest']['key']

            new_addr = {}
            for o in page:
                for a in o['addresses']:
                    if a['key'] not in address_of and a['key'] not in new_addr:
                        new_addr[a['key']] = dict(a['values'], parent_id=partner_of[owner(o)])
            if new_addr:
                for k, p in zip(new_addr, env['res.partner'].create(list(new_addr.values()))):
                    address_of[k] = p.id
            vals_list = []
            for o in page:
                partner = partner_of[owner(o)]
                addr = {a['type']: address_of[a['key']] for a in o['addresses']}
                lines = []
                for seq, l in enumerate(o['lines']):
                    product = variant_of.get(l['variant'], services['placeholder']) if l['kind'] == 'product' else services[l['kind']]
                    lines.append((0, 0, {'product_id': product, 'name': l['name'], 'product_uom_qty': l['qty'], 'price_unit': l['price'],
                                         'discount': 0, 'sequence': 10 + seq, tax_field: [(6, 0, [taxes[l['tax']]] if l['tax'] else [])]}))
                vals_list.append(dict(o['header'], partner_id=partner, partner_invoice_id=addr.get('invoice', partner),
                                      partner_shipping_id=addr.get('delivery', addr.get('invoice', partner)),
                                      pricelist_id=pricelist_by_currency[o['currency']], order_line=lines))
            sos = env['sale.order'].create(vals_list)
            env.flush_all()  # the create's own work, timed with it; the page commits once, below
        with m_flow:
            act = {so.id: o for so, o in zip(sos, page)}
            to_cancel = sos.filtered(lambda so: act[so.id]['action'] == 'cancel')
            if to_cancel:
                to_cancel.with_context(disable_cancel_warning=True).action_cancel()
            to_confirm = sos.filtered(lambda so: RANK[act[so.id]['action']] >= 1)
            if to_confirm:
                to_confirm.action_confirm()
                by_date = defaultdict(lambda: env['sale.order'])
                for so in to_confirm:
                    by_date[act[so.id]['header']['date_order']] |= so
                for d, group in by_date.items():
                    group.write({'date_order': d})
            to_invoice = to_confirm.filtered(lambda so: RANK[act[so.id]['action']] >= 2 and so.invoice_status == 'to invoice')
            if to_invoice:
                ctx = {'active_model': 'sale.order', 'active_ids': to_invoice.ids, 'active_id': to_invoice.ids[0]}
                wiz = env['sale.advance.payment.inv'].with_context(**ctx).create(
                    {'advance_payment_method': 'delivered', 'consolidated_billing': False, 'sale_order_ids': [(6, 0, to_invoice.ids)]})
                wiz.with_context(**ctx).create_invoices()
                # The BigCommerce date, one write per day; an invoice without payment terms gets it as
                # its due date too (Odoo would keep the day it was made), as bc-odoo's dateInvoices.
                by_day = defaultdict(lambda: env['account.move'])
                order_of = {}
                for so in to_invoice:
                    for inv in so.invoice_ids.filtered(lambda i: i.state == 'draft' and i.move_type == 'out_invoice'):
                        by_day[(act[so.id]['header']['date_order'][:10], bool(inv.invoice_payment_term_id))] |= inv
                        order_of[inv.id] = so
                for (day, termed), invs in by_day.items():
                    invs.write({'invoice_date': day} if termed else {'invoice_date': day, 'invoice_date_due': day})
                invoices = env['account.move'].browse(list(order_of))
                invoices.action_post()
                groups = defaultdict(lambda: env['account.move'])
                for inv in invoices:
                    so = order_of[inv.id]
                    if RANK[act[so.id]['action']] >= 3 and inv.state == 'posted':
                        groups[(journal.id, inv.currency_id.id, act[so.id]['header']['date_order'][:10])] |= inv
                for (journal_id, _cur, day), invs in groups.items():
                    ctx = {'active_model': 'account.move', 'active_ids': invs.ids}
                    env['account.payment.register'].with_context(**ctx).create(
                        {'journal_id': journal_id, 'payment_date': day, 'group_payment': False}).action_create_payments()
            cr.commit()
    m.records = m_create.records = m_flow.records = len(orders)
phases['orders'] = dict(m.as_dict(), create=m_create.as_dict(), workflow=m_flow.as_dict())

with open(OUT, 'w') as f:
    json.dump({'phases': phases, 'batch': BATCH}, f)
