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

// A time as people say it, from minutes: 1分钟内, 25分钟, 3小时20分, 2天4小时 (reporting's words.duration
// writes the PDFs the same way). Every duration a page shows goes through here.
export function duration(minutes) {
  if (minutes === null || minutes === undefined) return '—';
  if (minutes < 1) return '1分钟内';
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole}分钟`;
  if (whole < 1440) {
    const rest = whole % 60;
    return `${Math.floor(whole / 60)}小时${rest ? `${rest}分` : ''}`;
  }
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)}天${hours % 24 ? `${hours % 24}小时` : ''}`;
}

// The three rates: what each is made of (the counts in reporting's answer) and its definition, as the
// README's 三率 section gives it. A rate over fewer than `min_base` issues (RATES_MIN_BASE) is a small base.
export const RATES = [
  { key: 'response_rate', label: '响应率', num: 'responded_on_time', numLabel: '按时响应', den: 'response_due',
    denLabel: '应响应',
    definition: '响应率 = 按时响应 ÷ 应响应。应响应：期间内收到、有响应时限、未被合并或不予受理的问题，已响应或时限已过的；'
      + '按时响应：首次响应（接单、记录进展、转物业或办结；退回不算）在时限之内。尚未响应的问题，时限过后计为未按时。' },
  { key: 'resolution_rate', label: '解决率', num: 'solved', numLabel: '已解决', den: 'rated', denLabel: '已回访',
    definition: '解决率 = 回访时反映人表示“已解决”的 ÷ 已回访的（与12345口径一致：只统计做了回访评价的问题）。' },
  { key: 'satisfaction_rate', label: '满意率', num: 'satisfied', numLabel: '满意', den: 'rated', denLabel: '已回访',
    definition: '满意率 = 回访评价“满意”或“基本满意”的 ÷ 已回访的（与12345口径一致：只统计做了回访评价的问题）。' },
];
// (a rate with nothing to count shows — already: it needs no note)
export const smallBase = (figures, rate, minBase) => figures[rate.den] > 0 && figures[rate.den] < minBase;
export const IN_HAND_DEFINITION = '在办：尚未办结、关闭、合并或不予受理的问题（已提交、已受理、已派单、处理中、已转物业、重新打开）。';

// Which limit a task missed (assignment's `overdue`): 响应超时, 办结超时, or both.
export function overdueLabel(task) {
  const missed = task.overdue || [];
  if (missed.includes('respond') && missed.includes('resolve')) return '响应、办结超时';
  if (missed.includes('respond')) return '响应超时';
  return missed.includes('resolve') ? '办结超时' : '';
}
