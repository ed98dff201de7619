// A community's directory entry as the admin's form holds it, and back: what the form shows is
// editable; everything else the entry had (ids, spot kinds, the companies' estates, settings) is kept,
// since the directory's PUT replaces the whole entry. Each input has a key — the path of its value in
// the PUT's body ("estates.0.buildings.2.name") — so that the API's 422 details point at it.

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const PHONE = /^1[3-9]\d{9}$/;
const SPOT_KINDS = [['车库', 'garage'], ['门', 'gate'], ['绿', 'green'], ['电梯', 'lift'], ['棚', 'parking']];
const spotKind = (name) => (SPOT_KINDS.find(([word]) => name.includes(word)) || [null, 'other'])[1];

const person = (p = {}) => ({ fresh: !p.id, id: p.id || '', name: p.name || '', phone: p.phone || '', kept: p });

// A new estate is described by counts (10 buildings of 2 units) and a list of spots; one on the
// platform by its rows, whose ids issues and stickers point at.
export const newEstate = () => ({ fresh: true, id: '', name: '', households: 0, buildings: 10, units: 2,
                                  spots: '地下车库A区\n地下车库B区\n北门\n南门\n中心绿地' });
export const newPerson = () => person();
export function nextId(rows, prefix) {
  let n = rows.length + 1;
  while (rows.some((r) => r.id === `${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}
export const newCompany = () => ({ fresh: true, id: '', name: '', kept: {}, contacts: [person(), person()] });

export function blankForm() {
  return { editing: false, id: '', name: '', team: '', estates: [newEstate()], staff: [person()],
           companies: [newCompany()], leads: [person()], kept: null };
}

export function formOf(community, roster) {
  return {
    editing: true, id: community.id, name: community.name, team: '', kept: community,
    estates: community.estates.map((e) => ({ fresh: false, id: e.id, name: e.name, households: e.households, kept: e,
                                             rows: { buildings: e.buildings.map((b) => ({ ...b })),
                                                     spots: e.spots.map((s) => ({ ...s })) } })),
    staff: community.staff.map(person),
    companies: community.property_companies.map((c) => ({ fresh: false, id: c.id, name: c.name, kept: c,
                                                          contacts: c.contacts.map(person) })),
    leads: roster.filter((m) => m.role === 'lead').map(person),
  };
}

const given = (p) => !p.fresh || p.name || p.phone;  // a new row left empty is no one

// The ids a new person gets when the admin leaves 编号 blank: `<community>-<prefix><n>`, n unused in the
// form. A new community's are made afresh at each try (its id may have changed); an edited one's stay
// in the form, where the admin sees them and may change one the platform refuses.
function fillIds(form) {
  const everyone = [...form.staff, ...form.leads, ...form.companies.flatMap((c) => c.contacts)];
  if (!form.editing) everyone.forEach((p) => { p.id = ''; });
  const used = new Set(everyone.map((p) => p.id).filter(Boolean));
  const next = (prefix) => {
    let n = 1;
    while (used.has(`${form.id}-${prefix}${n}`)) n += 1;
    used.add(`${form.id}-${prefix}${n}`);
    return `${form.id}-${prefix}${n}`;
  };
  form.staff.filter(given).forEach((p) => { p.id = p.id || next('staff'); });
  form.companies.forEach((c) => c.contacts.filter(given).forEach((p) => { p.id = p.id || next('wuye'); }));
  form.leads.filter(given).forEach((p, i) => {
    p.id = p.id || (form.editing || i ? next('lead') : `${form.id}-lead`);
  });
}

// The PUT's body, and where each of its people and companies stands in the form (empty rows are left
// out of the body, so its indexes are not always the form's).
export function bodyOf(form, subdistrict) {
  fillIds(form);
  const moves = [];
  const people = (list, from, to) => list.map((p, i) => [p, i]).filter(([p]) => given(p)).map(([p, i], n) => {
    moves.push([`${from}.${n}`, `${to}.${i}`]);
    return { ...p.kept, id: p.id, name: p.name, phone: p.phone };
  });
  const estates = form.estates.map((e) => (e.fresh ? {
    id: e.id, name: e.name, households: Number(e.households) || 0,
    buildings: Array.from({ length: Number(e.buildings) || 0 }, (_, i) => ({ id: `b${i + 1}`, name: `${i + 1}幢`,
                                                                             units: Number(e.units) || 1 })),
    spots: e.spots.split('\n').map((s) => s.trim()).filter(Boolean)
      .map((name, i) => ({ id: `s${i + 1}`, name, kind: spotKind(name) })),
  } : { ...e.kept, name: e.name, households: Number(e.households) || 0,
        buildings: e.rows.buildings.map((b) => ({ ...b, units: Number(b.units) || 1 })),
        spots: e.rows.spots.map((p) => ({ ...p, kind: p.kind || spotKind(p.name) })) }));
  const kept = form.kept || {};
  const companies = form.companies.map((c, i) => [c, i]).filter(([c]) => !c.fresh || c.name).map(([c, i], n) => {
    moves.push([`property_companies.${n}`, `property_companies.${i}`]);
    return { ...c.kept, id: c.id || `${form.id}-wuye${i ? i + 1 : ''}`, name: c.name,
             estates: c.fresh ? estates.map((e) => e.id) : c.kept.estates,
             contacts: people(c.contacts, `property_companies.${n}.contacts`, `property_companies.${i}.contacts`) };
  });
  const body = { ...kept, id: undefined, name: form.name, subdistrict: kept.subdistrict || subdistrict, estates,
                 staff: people(form.staff, 'staff', 'staff'), property_companies: companies,
                 settings: kept.settings || { auto_close_days: 7, reopen_days: 7 } };
  return { body, moves: moves.sort((a, b) => b[0].length - a[0].length) };
}

// Every input's key, to point the API's problems at.
export function keysOf(form) {
  const keys = ['name', 'id', 'team'];
  form.estates.forEach((e, i) => {
    keys.push(`estates.${i}.name`, `estates.${i}.id`, `estates.${i}.households`);
    if (e.fresh) keys.push(`estates.${i}.buildings`, `estates.${i}.units`, `estates.${i}.spots`);
    else {
      e.rows.buildings.forEach((_, j) => keys.push(`estates.${i}.buildings.${j}.name`, `estates.${i}.buildings.${j}.units`));
      e.rows.spots.forEach((_, j) => keys.push(`estates.${i}.spots.${j}.name`));
    }
  });
  const people = (list, at) => list.forEach((p, i) => {
    keys.push(`${at}.${i}.name`, `${at}.${i}.phone`);
    if (p.fresh && form.editing) keys.push(`${at}.${i}.id`);
  });
  people(form.staff, 'staff');
  form.companies.forEach((c, i) => { keys.push(`property_companies.${i}.name`); people(c.contacts, `property_companies.${i}.contacts`); });
  people(form.leads, 'lead');
  return new Set(keys);
}

// What the page can tell before asking the API: every missing or malformed field, by its key.
export function problemsOf(form, taken) {
  const problems = {};
  const need = (key, value, message) => { if (!String(value ?? '').trim()) problems[key] = message; };
  need('name', form.name, '请填写社区名称');
  need('id', form.id, '请填写社区编号');
  if (form.id && !SLUG.test(form.id)) problems.id = '社区编号只能用小写字母、数字和 -';
  else if (!form.editing && taken.includes(form.id)) problems.id = '该社区编号已存在';
  const ids = new Set();
  form.estates.forEach((e, i) => {
    need(`estates.${i}.name`, e.name, '请填写小区名称');
    need(`estates.${i}.id`, e.id, '请填写小区编号');
    if (e.id && !SLUG.test(e.id)) problems[`estates.${i}.id`] = '小区编号只能用小写字母、数字和 -';
    else if (ids.has(e.id)) problems[`estates.${i}.id`] = '小区编号重复';
    ids.add(e.id);
    if (e.fresh) {
      if (!(Number(e.buildings) >= 0 && Number(e.buildings) <= 500)) problems[`estates.${i}.buildings`] = '楼栋数为0到500';
      if (!(Number(e.units) >= 1 && Number(e.units) <= 50)) problems[`estates.${i}.units`] = '每栋单元数为1到50';
      return;
    }
    e.rows.buildings.forEach((b, j) => {
      need(`estates.${i}.buildings.${j}.name`, b.name, '请填写楼栋名称');
      if (!(Number(b.units) >= 1 && Number(b.units) <= 50)) problems[`estates.${i}.buildings.${j}.units`] = '单元数为1到50';
    });
    e.rows.spots.forEach((s, j) => need(`estates.${i}.spots.${j}.name`, s.name, '请填写公共区域名称'));
  });
  const people = (list, at) => list.forEach((p, i) => {
    if (p.fresh && !p.name && !p.phone) return;  // an empty row is left out
    need(`${at}.${i}.name`, p.name, '请填写姓名');
    if (!PHONE.test(p.phone)) problems[`${at}.${i}.phone`] = '请输入正确的手机号';
    if (p.fresh && p.id && !SLUG.test(p.id)) problems[`${at}.${i}.id`] = '编号只能用小写字母、数字和 -';
  });
  people(form.staff, 'staff');
  form.companies.forEach((c, i) => {
    if (!c.name && (!c.fresh || c.contacts.some((p) => p.name || p.phone))) problems[`property_companies.${i}.name`] = '请填写物业公司名称';
    people(c.contacts, `property_companies.${i}.contacts`);
  });
  people(form.leads, 'lead');
  return problems;
}

// The input an API problem names: its field path (moved to the form's rows), or the nearest input
// above it ("estates.0.buildings.3" of a new estate is its 楼栋数). A person's id that is not an input
// (someone already on the platform) is shown on their phone: the API refuses to give an id another
// phone (409 person_id_taken).
export function keyOf(field, keys, moves = []) {
  let path = String(field || '').split('.').filter((p) => p !== 'body').join('.');
  const move = moves.find(([from]) => path === from || path.startsWith(`${from}.`));
  if (move) path = move[1] + path.slice(move[0].length);
  const parts = path.split('.');
  if (parts.at(-1) === 'id' && parts.length > 1 && !keys.has(path)) parts[parts.length - 1] = 'phone';
  for (let n = parts.length; n > 0; n -= 1) {
    const key = parts.slice(0, n).join('.');
    if (keys.has(key)) return key;
  }
  return null;
}
