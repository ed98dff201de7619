// An owners'-group post as the group shows it, for the template preview: the markdown that group
// robots render (WeCom: https://developer.work.weixin.qq.com/document/path/91770) — # headings,
// **bold**, *italic*, [links](https://…), `code`, > quotes, - lists and <font color="info|comment|warning">
// — made into HTML; everything else is escaped first, so that nothing in a template becomes markup
// of the page (links only to http(s) addresses).

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const COLOURS = new Set(['info', 'comment', 'warning']);

function inline(text) {
  // code spans keep their text as it is; the rest gets the inline marks
  return escape(text).split(/(`[^`]+`)/).map((part) => {
    if (/^`[^`]+`$/.test(part)) return `<code>${part.slice(1, -1)}</code>`;
    return part
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
      .replace(/&lt;font color=&quot;(\w+)&quot;&gt;(.*?)&lt;\/font&gt;/g,
               (all, colour, words) => (COLOURS.has(colour) ? `<span class="md-${colour}">${words}</span>` : all));
  }).join('');
}

export function groupHtml(markdown) {
  const out = [];
  let list = false;
  for (const line of (markdown || '').split('\n')) {
    const item = line.match(/^\s*[-*]\s+(.*)$/);
    if (list && !item) { out.push('</ul>'); list = false; }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    const quote = line.match(/^>\s?(.*)$/);
    if (item) {
      if (!list) { out.push('<ul>'); list = true; }
      out.push(`<li>${inline(item[1])}</li>`);
    } else if (heading) {
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    } else if (quote) {
      out.push(`<blockquote>${inline(quote[1])}</blockquote>`);
    } else if (line.trim()) {
      out.push(`<p>${inline(line)}</p>`);
    }
  }
  if (list) out.push('</ul>');
  return out.join('');
}
