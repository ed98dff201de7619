// Saving a file the API gives only with the person's token (a report, a record): fetched as a blob,
// then handed to the browser as a download under a Chinese name.

import { file } from './api.js';

export async function saveFile(path, name) {
  const blob = await file(path);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
