// Words and times as people here read them: Chinese labels, times in Asia/Shanghai.

const TZ = 'Asia/Shanghai';
const full = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
                                                hour: '2-digit', minute: '2-digit', hour12: false });
const short = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, month: 'numeric', day: 'numeric', hour: '2-digit',
                                                 minute: '2-digit', hour12: false });
const day = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

export const when = (iso) => (iso ? full.format(new Date(iso)) : '');
export const whenShort = (iso) => (iso ? short.format(new Date(iso)) : '');
export const today = (offsetDays = 0) => day.format(new Date(Date.now() + offsetDays * 86_400_000));

export function ago(iso) {
  if (!iso) return '';
  const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes}分钟前`;
  if (minutes < 1440) return `${Math.round(minutes / 60)}小时前`;
  return `${Math.round(minutes / 1440)}天前`;
}

export function dueIn(iso) {
  if (!iso) return '';
  const hours = (new Date(iso).getTime() - Date.now()) / 3_600_000;
  if (hours < 0) return `已超时${Math.ceil(-hours)}小时`;
  if (hours < 48) return `${Math.floor(hours)}小时内`;
  return `${Math.floor(hours / 24)}天内`;
}

// The first day of this month and of the last, in Asia/Shanghai, as YYYY-MM-DD.
export function months() {
  const [y, m] = today().split('-').map(Number);
  const pad = (n) => String(n).padStart(2, '0');
  const last = m === 1 ? [y - 1, 12] : [y, m - 1];
  const next = m === 12 ? [y + 1, 1] : [y, m + 1];
  return {
    thisMonth: { from: `${y}-${pad(m)}-01`, to: `${next[0]}-${pad(next[1])}-01`, label: '本月' },
    lastMonth: { from: `${last[0]}-${pad(last[1])}-01`, to: `${y}-${pad(m)}-01`, label: '上月' },
  };
}

export const CATEGORIES = [
  { id: 'parking', label: '车库停车' }, { id: 'facilities', label: '设施维修' }, { id: 'cleaning', label: '保洁' },
  { id: 'greening', label: '绿化' }, { id: 'security', label: '安保' }, { id: 'other', label: '其他' },
];
export const categoryLabel = (id) => (CATEGORIES.find((c) => c.id === id) || { label: id }).label;

// What the team asked the property company, as a request: "请" once (members often write "请更换…").
export function asking(text) {
  const asked = (text || '').trim();
  return !asked || asked.startsWith('请') ? asked : `请${asked}`;
}

export const ROLE_LABELS = { resident: '居民', member: '队员', lead: '队长', staff: '社区工作者', property: '物业',
                             admin: '街道管理员', system: '系统', gateway: '网关' };

export const STATUS_TYPES = { submitted: 'primary', triaged: 'primary', assigned: 'warning', in_progress: 'warning',
                              handed_to_property: 'warning', resolved: 'success', closed: 'default',
                              merged: 'default', rejected: 'danger', reopened: 'danger' };

export const TASK_STATUS = { unrouted: '待派单', assigned: '待受理', in_progress: '处理中', with_property: '已转物业',
                             resolved: '已办结', closed: '已关闭', cancelled: '已撤销' };

export const SATISFACTION = [
  { id: 'satisfied', label: '满意' }, { id: 'basically_satisfied', label: '基本满意' },
  { id: 'dissatisfied', label: '不满意' },
];

export const HOME = { resident: '/r', member: '/tasks', lead: '/lead', staff: '/dashboard', admin: '/dashboard',
                      property: '/property' };

export const percent = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);
