// Calls to the public APIs through the gateway, with the logged-in person's token.
// The access token is refreshed shortly before it expires; a 401 that a refresh cannot mend
// sends the person back to the login page. Errors carry the API's own Chinese message.

const KEY = 'xiuhua.session';
let refreshing = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, error) {
    super((error && error.message) || (status >= 500 ? '服务暂时不可用，请稍后再试' : '请求失败'));
    this.status = status;
    this.code = error && error.code;
    this.details = (error && error.details) || [];
  }
}

export const session = {
  get() {
    try { return JSON.parse(localStorage.getItem(KEY)) || null; } catch { return null; }
  },
  set(pair) {
    const value = { access: pair.access_token, refresh: pair.refresh_token, me: pair.me,
                    expiresAt: Date.now() + pair.expires_in * 1000 };
    localStorage.setItem(KEY, JSON.stringify(value));
    listeners.forEach((fn) => fn(value));
    return value;
  },
  clear() {
    localStorage.removeItem(KEY);
    listeners.forEach((fn) => fn(null));
  },
  onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
};

async function send(method, path, body, token, extra = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { message: '网络连接失败，请检查网络后重试' });
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data && data.error);
  return data;
}

async function refresh() {
  const current = session.get();
  if (!current) throw new ApiError(401, { message: '请先登录' });
  if (!refreshing) {
    refreshing = send('POST', '/intake/v1/auth/refresh', { refresh_token: current.refresh })
      .then((pair) => session.set(pair))
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function token() {
  const current = session.get();
  if (!current) return null;
  if (current.expiresAt - Date.now() > 60_000) return current.access;
  return (await refresh()).access;
}

export async function api(method, path, body, { auth = true, headers = {} } = {}) {
  try {
    return await send(method, path, body, auth ? await token() : null, headers);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !auth || !session.get()) throw error;
    try {
      await refresh();
      return await send(method, path, body, session.get().access, headers);
    } catch (again) {
      if (again instanceof ApiError && again.status === 401) {
        session.clear();
        location.hash = '#/login';
      }
      throw again;
    }
  }
}

export const get = (path) => api('GET', path);

// One file sent as multipart (a photo), with the person's token; the API's answer.
export async function upload(path, blob, name = 'photo.jpg') {
  const body = new FormData();
  body.append('file', blob, name);
  const response = await fetch(path, { method: 'POST', body, headers: { Authorization: `Bearer ${await token()}` } })
    .catch(() => { throw new ApiError(0, { message: '网络连接失败，请检查网络后重试' }); });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data && data.error);
  return data;
}

// A file (a PDF to print, a photo) with the person's token; errors as the API words them.
export async function file(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${await token()}` } })
    .catch(() => { throw new ApiError(0, { message: '网络连接失败，请检查网络后重试' }); });
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => null))?.error);
  return response.blob();
}
export const post = (path, body = {}) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

export async function logout() {
  const current = session.get();
  if (current) await send('POST', '/intake/v1/auth/logout', { refresh_token: current.refresh }).catch(() => null);
  session.clear();
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  return q.toString();
}
